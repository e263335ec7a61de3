import {closeSync, fsyncSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync} from 'node:fs';
import path from 'node:path';

/**
 * Durable file replacement: the whole content goes to a temporary file beside the target (every
 * byte, looping over short writes), is flushed to the disk (fsync), then renamed over the target,
 * and the directory is flushed so the rename survives a crash. Readers see the old file or the
 * new one, never a part. On any failure (ENOSPC, EDQUOT, EIO…) the temporary file is removed,
 * the old file is left as it was, and a FileWriteError says what happened.
 */

export class FileWriteError extends Error {
	override name = 'FileWriteError';
	constructor(
		readonly file: string,
		readonly code: string | undefined,
		cause: Error,
	) {
		super(`could not write ${file}: ${describe(code, cause)}; the previous version of the file is kept unchanged`, {cause});
	}
}

function describe(code: string | undefined, cause: Error): string {
	switch (code) {
		case 'ENOSPC':
			return 'no space left on the device (ENOSPC): free some space, or point --state-dir elsewhere';
		case 'EDQUOT':
			return 'the disk quota is exhausted (EDQUOT)';
		case 'EROFS':
			return 'the file system is read-only (EROFS): point --state-dir elsewhere';
		case 'EACCES':
		case 'EPERM':
			return `permission denied (${code}): point --state-dir at a directory you can write`;
		default:
			return cause.message;
	}
}

export function writeFileAtomic(file: string, content: string | Uint8Array, options: {mode?: number} = {}): void {
	const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
	let fd: number | undefined;
	try {
		fd = openSync(temporary, 'wx', options.mode ?? 0o600);
		// writeSync may write less than asked (a nearly full disk): the rest is written, or it throws.
		for (let offset = 0; offset < data.length; ) offset += writeSync(fd, data, offset, data.length - offset);
		fsyncSync(fd);
		closeSync(fd);
		fd = undefined;
		renameSync(temporary, file);
	} catch (error) {
		if (fd !== undefined) {
			try {
				closeSync(fd);
			} catch {}
		}

		try {
			unlinkSync(temporary);
		} catch {}

		throw new FileWriteError(file, (error as NodeJS.ErrnoException).code, error as Error);
	}

	syncDirectory(path.dirname(file));
}

/** Flushes a directory's entries (the rename); not every platform or file system allows it. */
function syncDirectory(dir: string): void {
	let fd: number | undefined;
	try {
		fd = openSync(dir, 'r');
		fsyncSync(fd);
	} catch {
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/**
 * Keeps the newest `keep` files of a directory whose names start with `prefix` (by modification
 * time) and removes the older ones; returns the names removed.
 */
export function pruneOldest(dir: string, prefix: string, keep: number): string[] {
	let names: string[];
	try {
		names = readdirSync(dir).filter(name => name.startsWith(prefix));
	} catch {
		return [];
	}

	const dated = names
		.map(name => {
			try {
				return {name, time: statSync(path.join(dir, name)).mtimeMs};
			} catch {
				return {name, time: 0};
			}
		})
		.sort((a, b) => b.time - a.time || b.name.localeCompare(a.name));
	const removed: string[] = [];
	for (const {name} of dated.slice(keep)) {
		try {
			unlinkSync(path.join(dir, name));
			removed.push(name);
		} catch {}
	}

	return removed;
}
