import path from 'node:path';
import type Dockerode from 'dockerode';

/**
 * Reading files out of containers through the engine's archive API (GET /containers/{id}/archive),
 * which works on stopped containers too: no exec, no shell, nothing runs inside.
 */

export type TarEntry = {name: string; type: 'file' | 'symlink' | 'hardlink' | 'directory' | 'other'; size: number; linkName: string; data: Buffer};

function field(block: Buffer, start: number, length: number): string {
	const raw = block.subarray(start, start + length);
	const end = raw.indexOf(0);
	return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
}

/** A small ustar reader: the engine answers with one uncompressed tar. */
export function parseTar(buffer: Buffer): TarEntry[] {
	const entries: TarEntry[] = [];
	let offset = 0;
	let longName: string | undefined;
	while (offset + 512 <= buffer.length) {
		const header = buffer.subarray(offset, offset + 512);
		if (header.every(byte => byte === 0)) break;
		const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
		const typeFlag = String.fromCharCode(header[156] || 48);
		const prefix = field(header, 345, 155);
		let name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
		longName = undefined;
		const data = buffer.subarray(offset + 512, offset + 512 + size);
		offset += 512 + Math.ceil(size / 512) * 512;
		if (typeFlag === 'L') {
			longName = data.toString('utf8').replace(/\0+$/, '');
			continue;
		}

		if (typeFlag === 'x' || typeFlag === 'g') {
			const pathRecord = /\d+ path=([^\n]+)\n/.exec(data.toString('utf8'));
			if (pathRecord) longName = pathRecord[1];
			continue;
		}

		name = name.replace(/^\.\//, '');
		const type = typeFlag === '0' || typeFlag === '\0' ? 'file' : typeFlag === '2' ? 'symlink' : typeFlag === '1' ? 'hardlink' : typeFlag === '5' ? 'directory' : 'other';
		entries.push({name, type, size, linkName: field(header, 157, 100), data: Buffer.from(data)});
	}

	return entries;
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of stream) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
		chunks.push(buffer);
		total += buffer.length;
		if (total > maxBytes) {
			(stream as any).destroy?.();
			break;
		}
	}

	return Buffer.concat(chunks);
}

export type FileRead = {path: string; data: Buffer; truncated: boolean; via: string[]};

/**
 * The content of one file in a container, following symlinks (up to 8), at most maxBytes
 * (plus the tar framing). Resolves undefined when the path does not exist.
 */
export async function readContainerFile(docker: Dockerode, containerId: string, filePath: string, options: {maxBytes?: number} = {}): Promise<FileRead | undefined> {
	const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
	const via: string[] = [];
	let current = filePath;
	for (let hops = 0; hops < 8; hops++) {
		let stream: NodeJS.ReadableStream;
		try {
			stream = (await docker.getContainer(containerId).getArchive({path: current})) as unknown as NodeJS.ReadableStream;
		} catch (error: any) {
			if (error?.statusCode === 404) return undefined;
			throw error;
		}

		const buffer = await readStream(stream, maxBytes + 4096);
		const [entry] = parseTar(buffer);
		if (!entry) return undefined;
		if (entry.type === 'symlink') {
			via.push(current);
			current = entry.linkName.startsWith('/') ? entry.linkName : path.posix.join(path.posix.dirname(current), entry.linkName);
			continue;
		}

		return {path: current, data: entry.data.subarray(0, maxBytes), truncated: entry.size > maxBytes || buffer.length > maxBytes + 4096, via};
	}

	return undefined;
}

export type PathStat = {name: string; size: number; mode: number; linkTarget: string};

/**
 * What the engine says about a path (HEAD on the archive endpoint: its X-Docker-Container-Path-Stat
 * header), without reading the file; undefined when the path does not exist. The answer has no body
 * but is a response all the same: it is destroyed here, or its keep-alive socket would hold the
 * process open until the engine closes it minutes later.
 */
export async function statContainerPath(docker: Dockerode, containerId: string, filePath: string): Promise<PathStat | undefined> {
	let response: any;
	try {
		response = await docker.getContainer(containerId).infoArchive({path: filePath});
	} catch (error: any) {
		if (error?.statusCode === 404) return undefined;
		throw error;
	}

	const header = response?.headers?.['x-docker-container-path-stat'];
	response?.resume?.();
	response?.destroy?.();
	try {
		const stat = JSON.parse(Buffer.from(String(header ?? ''), 'base64').toString('utf8'));
		return {name: String(stat.name ?? ''), size: Number(stat.size ?? 0), mode: Number(stat.mode ?? 0), linkTarget: String(stat.linkTarget ?? '')};
	} catch {
		return {name: path.posix.basename(filePath), size: 0, mode: 0, linkTarget: ''};
	}
}

/** Whether a path exists in the container (without reading it). */
export async function pathExists(docker: Dockerode, containerId: string, filePath: string): Promise<boolean> {
	try {
		return (await statContainerPath(docker, containerId, filePath)) !== undefined;
	} catch {
		return false;
	}
}
