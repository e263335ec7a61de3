import {useRef, useSyncExternalStore} from 'react';
import type {Snapshot} from '../docker/types.js';
import {useAppContext} from './use-app-context.js';

/**
 * Reads a slice of the shared DockerStore. The selector runs again when the snapshot changes or
 * when it is a new selector (one that closes over changed props or state), and a component
 * re-renders only when its slice changes (compared with `equal`, default Object.is).
 */
export function useDockerStore<T>(selector: (snapshot: Snapshot) => T, equal: (a: T, b: T) => boolean = Object.is): T {
	const {store} = useAppContext().flow;
	const cache = useRef<{snapshot?: Snapshot; selector?: (snapshot: Snapshot) => T; value?: T}>({});
	const read = () => {
		const snapshot = store.getSnapshot();
		const cached = cache.current;
		if (cached.snapshot === snapshot && cached.selector === selector) return cached.value as T;
		const value = selector(snapshot);
		// An equal slice keeps its identity, so React sees no change and skips the render.
		const kept = cached.snapshot !== undefined && equal(cached.value as T, value) ? (cached.value as T) : value;
		cache.current = {snapshot, selector, value: kept};
		return kept;
	};

	return useSyncExternalStore(store.subscribe, read, read);
}

/** Shallow equality for arrays and plain objects of primitives. */
export function shallowEqual<T>(a: T, b: T): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	return keysA.every(key => Object.is((a as any)[key], (b as any)[key]));
}
