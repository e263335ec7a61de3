import {useEffect, useRef} from 'react';
import {useAppContext} from './use-app-context.js';

/**
 * Live stats only for these containers (the rows on screen), sampled at the view's refresh period
 * where the store reads cgroup files. When the set changes, the new set is watched before the old
 * one is released, so containers in both keep their stream or open files.
 */
export function useVisibleStats(ids: string[], intervalMs?: number): void {
	const {store} = useAppContext().flow;
	const key = [...ids].sort().join(',');
	const release = useRef<(() => void) | undefined>(undefined);
	useEffect(() => {
		const next = key ? store.watchStats(key.split(','), {intervalMs}) : undefined;
		release.current?.();
		release.current = next;
	}, [store, key, intervalMs]);
	useEffect(
		() => () => {
			release.current?.();
			release.current = undefined;
		},
		[store],
	);
}
