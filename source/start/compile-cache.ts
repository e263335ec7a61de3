import module from 'node:module';
import path from 'node:path';
import {stateDir} from '../project/state-dir.js';

/** --state-dir DIR or --state-dir=DIR from the command line, before the flags are parsed. */
export function stateDirArgument(argv: readonly string[]): string | undefined {
	for (const [index, arg] of argv.entries()) {
		if (arg === '--') return undefined;
		if (arg === '--state-dir') return argv[index + 1];
		if (arg.startsWith('--state-dir=')) return arg.slice('--state-dir='.length);
	}

	return undefined;
}

/**
 * Node's on-disk code cache (module.enableCompileCache, Node ≥ 22.1) in <state dir>/compile-cache:
 * the second start reads V8's compiled code for the bundle's chunks instead of compiling them
 * again. Node keys the cache by its own version and each file's content, so an upgrade or a new
 * build only misses once. NODE_COMPILE_CACHE, when set, wins; NODE_DISABLE_COMPILE_CACHE=1 turns
 * it off. A cache that cannot be written (read-only state dir) is only slower, never an error.
 * Returns the directory in use, if any.
 */
export function enableCompileCache(argv: readonly string[]): string | undefined {
	if (typeof module.enableCompileCache !== 'function') return undefined;
	try {
		return module.enableCompileCache(path.join(stateDir(stateDirArgument(argv)), 'compile-cache')).directory;
	} catch {
		return undefined;
	}
}

/** Writes what the cache has gathered so far (Node ≥ 22.10); Node writes it at exit anyway. */
export function flushCompileCache(): void {
	if (typeof module.flushCompileCache === 'function') module.flushCompileCache();
}
