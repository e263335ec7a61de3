import {createHash, randomBytes} from 'node:crypto';
import {createReadStream, createWriteStream, existsSync} from 'node:fs';
import {mkdir, readFile, rename, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {Transform} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import type Dockerode from 'dockerode';

/**
 * Volume backups without a shell: a helper container (created, never started) mounts the volume,
 * and the engine's archive API streams a tar of it out (`GET /containers/{id}/archive`) or back in
 * (`PUT …/archive`). Entries are stored under `volume/`, so the tar also restores by hand:
 *   docker run --rm -v NAME:/volume -v DIR:/backup IMAGE tar -xf /backup/NAME.tar -C /
 */

export const manifestName = 'manifest.json';
const mountPoint = '/volume';

export type BackupEntry = {
	volume: string;
	/** File name inside the backup directory. */
	file: string;
	/** Bytes of the tar file and its SHA-256, checked before a restore. */
	bytes: number;
	sha256: string;
	/** What the volume used on the engine when it was backed up (docker system df -v). */
	sizeBytes?: number;
	driver: string;
	labels: Record<string, string>;
	anonymous: boolean;
};

export type BackupManifest = {
	version: 1;
	createdAt: string;
	project: {name: string; root: string};
	volumes: BackupEntry[];
};

export function defaultBackupDir(projectRoot: string, now = new Date()): string {
	return path.join(projectRoot, '.alpinist-backups', now.toISOString().replace(/[:.]/g, '-'));
}

/** The shell-free restore command for a backup, and its equivalent with plain docker. */
export function restoreCommands(dir: string, entry?: BackupEntry, helperImage = 'busybox'): string[] {
	const lines = [`alpinist restore ${quote(dir)}${entry ? ` --volume ${entry.volume}` : ''}`];
	if (entry) {
		lines.push(`docker volume create ${entry.volume} && docker run --rm -v ${entry.volume}:${mountPoint} -v ${quote(dir)}:/backup ${helperImage} tar -xf /backup/${entry.file} -C /`);
	}

	return lines;
}

function quote(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export async function readManifest(dir: string): Promise<BackupManifest | undefined> {
	const file = path.join(dir, manifestName);
	if (!existsSync(file)) return undefined;
	return JSON.parse(await readFile(file, 'utf8')) as BackupManifest;
}

export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
	await mkdir(dir, {recursive: true});
	const file = path.join(dir, manifestName);
	await writeFile(`${file}.partial`, `${JSON.stringify(manifest, null, 2)}\n`);
	await rename(`${file}.partial`, file);
}

/** A backup directory ignores itself, so backups inside a repository are never committed. */
export async function prepareBackupDir(dir: string): Promise<void> {
	await mkdir(dir, {recursive: true});
	const parent = path.dirname(dir);
	if (path.basename(parent) === '.alpinist-backups' && !existsSync(path.join(parent, '.gitignore'))) {
		await writeFile(path.join(parent, '.gitignore'), '# Volume backups written by alpinist rollback\n*\n');
	}
}

/** An image to create helper containers from: the first preferred one present, else the smallest local image. */
export async function pickHelperImage(docker: Dockerode, preferred: string[] = []): Promise<string> {
	for (const reference of preferred) {
		try {
			await docker.getImage(reference).inspect();
			return reference;
		} catch {
			// Not here: try the next.
		}
	}

	const images = await docker.listImages({all: false});
	const smallest = images.filter(image => (image.RepoTags ?? []).some(tag => tag !== '<none>:<none>')).sort((a, b) => a.Size - b.Size)[0];
	if (!smallest) throw new Error('Backups need one local image to create a helper container from (none found: docker pull busybox, for example).');
	return smallest.Id;
}

async function withHelper<T>(
	docker: Dockerode,
	options: {image: string; volume: string; readOnly: boolean; purpose: 'backup' | 'restore'},
	work: (container: Dockerode.Container) => Promise<T>,
): Promise<T> {
	const container = await docker.createContainer({
		name: `alpinist-${options.purpose}-${randomBytes(4).toString('hex')}`,
		Image: options.image,
		// Never started: the command only has to exist for the engine to accept the container.
		Entrypoint: ['/alpinist-helper-never-runs'],
		Cmd: [],
		Labels: {'alpinist.helper': options.purpose, 'alpinist.volume': options.volume},
		NetworkDisabled: true,
		HostConfig: {NetworkMode: 'none', Mounts: [{Type: 'volume', Source: options.volume, Target: mountPoint, ReadOnly: options.readOnly}]},
	});
	try {
		return await work(container);
	} finally {
		await container.remove({force: true, v: false}).catch(() => {});
	}
}

function hashTap(hash: ReturnType<typeof createHash>, counter: {bytes: number}): Transform {
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			hash.update(chunk);
			counter.bytes += chunk.length;
			callback(null, chunk);
		},
	});
}

/** Streams one volume into `<dir>/<volume>.tar`; the file appears only once it is complete. */
export async function backupVolume(
	docker: Dockerode,
	options: {volume: string; dir: string; helperImage: string; signal?: AbortSignal},
): Promise<{file: string; bytes: number; sha256: string}> {
	const file = `${options.volume}.tar`;
	const target = path.join(options.dir, file);
	const partial = `${target}.partial`;
	return withHelper(docker, {image: options.helperImage, volume: options.volume, readOnly: true, purpose: 'backup'}, async container => {
		const archive = (await container.getArchive({path: mountPoint})) as unknown as NodeJS.ReadableStream;
		const hash = createHash('sha256');
		const counter = {bytes: 0};
		await pipeline(archive, hashTap(hash, counter), createWriteStream(partial), {signal: options.signal});
		await rename(partial, target);
		return {file, bytes: counter.bytes, sha256: hash.digest('hex')};
	});
}

export async function sha256File(file: string): Promise<string> {
	const hash = createHash('sha256');
	await pipeline(createReadStream(file), hashTap(hash, {bytes: 0}), async function* (source) {
		for await (const _chunk of source) {
			// Drained: the tap has hashed it.
		}
	});
	return hash.digest('hex');
}

export class VolumeInUseError extends Error {
	constructor(
		readonly volume: string,
		readonly containers: string[],
	) {
		super(`Volume ${volume} is in use by ${containers.join(', ')}: stop and remove ${containers.length === 1 ? 'that container' : 'those containers'} first.`);
		this.name = 'VolumeInUseError';
	}
}

/** Containers (any state) that mount a volume: it cannot be replaced while they exist. */
export async function volumeUsers(docker: Dockerode, volume: string): Promise<string[]> {
	const containers = await docker.listContainers({all: true, filters: {volume: [volume]}});
	return containers.map(container => String(container.Names?.[0] ?? container.Id).replace(/^\//, ''));
}

export async function volumeExists(docker: Dockerode, volume: string): Promise<boolean> {
	try {
		await docker.getVolume(volume).inspect();
		return true;
	} catch (error: any) {
		if (error?.statusCode === 404) return false;
		throw error;
	}
}

/**
 * Recreates a volume from a tar written by backupVolume: checks the file's SHA-256, removes the
 * existing volume only when `replace` is set (and no container uses it), creates the volume with
 * the given labels and unpacks the tar into it through a helper container.
 */
export async function restoreVolume(
	docker: Dockerode,
	options: {file: string; volume: string; driver?: string; labels?: Record<string, string>; sha256?: string; replace: boolean; helperImage: string},
): Promise<{bytes: number; replaced: boolean}> {
	const {size} = await stat(options.file);
	if (options.sha256) {
		const actual = await sha256File(options.file);
		if (actual !== options.sha256) throw new Error(`${options.file} does not match its manifest (SHA-256 ${actual.slice(0, 12)}…, expected ${options.sha256.slice(0, 12)}…): not restoring a damaged backup.`);
	}

	let replaced = false;
	if (await volumeExists(docker, options.volume)) {
		if (!options.replace) throw new Error(`Volume ${options.volume} exists: confirm replacing it, or restore under another name (--to NAME).`);
		const users = await volumeUsers(docker, options.volume);
		if (users.length > 0) throw new VolumeInUseError(options.volume, users);
		await docker.getVolume(options.volume).remove();
		replaced = true;
	}

	await docker.createVolume({Name: options.volume, Driver: options.driver ?? 'local', Labels: options.labels ?? {}});
	await withHelper(docker, {image: options.helperImage, volume: options.volume, readOnly: false, purpose: 'restore'}, async container => {
		await container.putArchive(createReadStream(options.file), {path: '/'});
	});
	return {bytes: size, replaced};
}
