import {useEffect, useRef} from 'react';
import {useAppContext} from './use-app-context.js';

/**
 * Live stats only for these containers (the rows on screen). When the set changes, the new set is
 * watched before the old one is released, so containers in both keep their engine stream.
 */
export function useVisibleStats(ids: string[]): void {
	const {store} = useAppContext().flow;
	const key = [...ids].sort().join(',');
	const release = useRef<(() => void) | undefined>(undefined);
	useEffect(() => {
		const next = key ? store.watchStats(key.split(',')) : undefined;
		release.current?.();
		release.current = next;
	}, [store, key]);
	useEffect(
		() => () => {
			release.current?.();
			release.current = undefined;
		},
		[store],
	);
}
