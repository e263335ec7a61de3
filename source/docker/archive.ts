import path from 'node:path';
import type Dockerode from 'dockerode';
import {parseTar as parseTarEntries} from './tar.js';

/**
 * Reading files out of containers through the engine's archive API (GET /containers/{id}/archive),
 * which works on stopped containers too: no exec, no shell, nothing runs inside.
 */

export type TarEntry = {name: string; type: 'file' | 'symlink' | 'hardlink' | 'directory' | 'other'; size: number; linkName: string; data: Buffer};

const types: Record<string, TarEntry['type']> = {'0': 'file', '7': 'file', '2': 'symlink', '1': 'hardlink', '5': 'directory'};

/** The engine answers with one uncompressed tar: its entries, with named types (the format is read in tar.ts). */
export function parseTar(buffer: Buffer): TarEntry[] {
	return parseTarEntries(buffer).map(entry => ({...entry, name: entry.name.replace(/^\.\//, ''), type: types[entry.type] ?? 'other'}));
}

/** Reads a stream into one buffer, stopping (and closing it) past maxBytes. */
export async function collect(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer> {
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

type ArchiveReader = Pick<Dockerode.Container, 'getArchive'>;

/**
 * One regular file of a container (running or stopped), following symlinks (up to `hops`), at
 * most maxBytes (plus the tar framing). Undefined when the path does not exist or is no file;
 * `onMissing` runs on a 404 first (it may throw, e.g. when the container itself is gone).
 */
export async function readFileOf(
	container: ArchiveReader,
	filePath: string,
	options: {maxBytes?: number; hops?: number; onMissing?: () => Promise<void>} = {},
): Promise<FileRead | undefined> {
	const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
	const via: string[] = [];
	let current = filePath;
	for (let hop = 0; hop <= (options.hops ?? 8); hop++) {
		let stream: NodeJS.ReadableStream;
		try {
			stream = (await container.getArchive({path: current})) as unknown as NodeJS.ReadableStream;
		} catch (error: any) {
			if (error?.statusCode !== 404) throw error;
			await options.onMissing?.();
			return undefined;
		}

		const buffer = await collect(stream, maxBytes + 4096);
		const [entry] = parseTar(buffer);
		if (!entry) return undefined;
		if (entry.type === 'symlink' && entry.linkName) {
			via.push(current);
			current = path.posix.resolve(path.posix.dirname(current), entry.linkName);
			continue;
		}

		if (entry.type !== 'file') return undefined;
		return {path: current, data: entry.data.subarray(0, maxBytes), truncated: entry.size > maxBytes || buffer.length > maxBytes + 4096, via};
	}

	return undefined;
}

/** readFileOf for a container id. */
export function readContainerFile(docker: Dockerode, containerId: string, filePath: string, options: {maxBytes?: number} = {}): Promise<FileRead | undefined> {
	return readFileOf(docker.getContainer(containerId), filePath, options);
}

export type PathStat = {name: string; size: number; mode: number; linkTarget: string};

/**
 * What the engine says about a path (HEAD on the archive endpoint: its X-Docker-Container-Path-Stat
 * header), without reading the file; undefined when the path does not exist. The answer has no body
 * but is a response all the same: it is destroyed here, or its keep-alive socket would hold the
 * process open until the engine closes it minutes later.
 */
export async function statPathOf(container: Pick<Dockerode.Container, 'infoArchive'>, filePath: string): Promise<PathStat | undefined> {
	let response: any;
	try {
		response = await container.infoArchive({path: filePath});
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
export async function pathExistsOf(container: Pick<Dockerode.Container, 'infoArchive'>, filePath: string): Promise<boolean> {
	try {
		return (await statPathOf(container, filePath)) !== undefined;
	} catch {
		return false;
	}
}

export function pathExists(docker: Dockerode, containerId: string, filePath: string): Promise<boolean> {
	return pathExistsOf(docker.getContainer(containerId), filePath);
}
