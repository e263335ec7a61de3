import {closeSync, openSync, statSync, unlinkSync} from 'node:fs';
import {FileWriteError} from './atomic-write.js';

/**
 * A short mutual exclusion around a read-modify-write of one file, between processes: an empty
 * `<file>.lock` created exclusively for the few milliseconds of the change. Empty, so that a full
 * disk still allows it; one older than `staleMs` is left over from a crash and is removed.
 */

const pause = new Int32Array(new SharedArrayBuffer(4));

export function withFileMutex<T>(file: string, work: () => T, options: {timeoutMs?: number; staleMs?: number} = {}): T {
	const lock = `${file}.lock`;
	const deadline = performance.now() + (options.timeoutMs ?? 5000);
	const staleMs = options.staleMs ?? 10_000;
	for (;;) {
		try {
			closeSync(openSync(lock, 'wx', 0o600));
			break;
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'EEXIST') throw new FileWriteError(lock, code, error as Error);
		}

		try {
			if (Date.now() - statSync(lock).mtimeMs > staleMs) unlinkSync(lock);
		} catch {}

		if (performance.now() > deadline) {
			throw new Error(`${file} is being changed by another process (${lock} exists for over ${Math.round((options.timeoutMs ?? 5000) / 1000)} s); if no alpinist runs, remove ${lock}`);
		}

		Atomics.wait(pause, 0, 0, 5);
	}

	try {
		return work();
	} finally {
		try {
			unlinkSync(lock);
		} catch {}
	}
}
