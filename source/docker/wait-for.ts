import type {Snapshot} from './types.js';

export type WaitOptions = {timeoutMs?: number; signal?: AbortSignal};

type Source = {subscribe: (listener: () => void) => () => void; getSnapshot: () => Snapshot};

/**
 * Resolves with the first snapshot that satisfies the predicate (the current one included), by
 * following the store's updates: no polling. Rejects after timeoutMs, or when the signal aborts
 * (at once when it already has).
 */
export function waitForSnapshot(source: Source, predicate: (snapshot: Snapshot) => boolean, options: WaitOptions = {}): Promise<Snapshot> {
	return new Promise((resolve, reject) => {
		if (options.signal?.aborted) {
			reject(options.signal.reason ?? new Error('aborted'));
			return;
		}

		let timer: NodeJS.Timeout | undefined;
		const cleanup = () => {
			unsubscribe();
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
		};

		const check = () => {
			const snapshot = source.getSnapshot();
			if (predicate(snapshot)) {
				cleanup();
				resolve(snapshot);
			}
		};

		const onAbort = () => {
			cleanup();
			reject(options.signal?.reason ?? new Error('aborted'));
		};

		const unsubscribe = source.subscribe(check);
		if (options.timeoutMs !== undefined) {
			timer = setTimeout(() => {
				cleanup();
				reject(new Error(`timed out after ${options.timeoutMs} ms`));
			}, options.timeoutMs);
		}

		options.signal?.addEventListener('abort', onAbort, {once: true});
		check();
	});
}
