import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll} from 'vitest';

export type SmallFs = {
	/** The mount point, or undefined when no tmpfs could be mounted. */
	readonly dir: string | undefined;
	/** Why none could be mounted (for the skip message). */
	readonly why: string;
};

/**
 * A real small file system for full-disk tests: a tmpfs of `size` (default 64k) mounted before the
 * tests of the enclosing file or describe block and unmounted after them. Needs root and mount;
 * where it cannot be mounted, `dir` stays undefined and `why` says why.
 */
export function useSmallFs(prefix: string, size = '64k'): SmallFs {
	const state: {dir: string | undefined; why: string} = {dir: undefined, why: ''};
	beforeAll(() => {
		const dir = mkdtempSync(path.join(tmpdir(), prefix));
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], {stdio: 'pipe'});
			state.dir = dir;
		} catch (error) {
			state.why = (error as Error).message;
			rmSync(dir, {recursive: true, force: true});
		}
	});
	afterAll(() => {
		if (!state.dir) return;
		execFileSync('umount', [state.dir]);
		rmSync(state.dir, {recursive: true, force: true});
	});
	return state;
}
