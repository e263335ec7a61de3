import {useEffect, useState} from 'react';
import type {Snapshot} from '../docker/types.js';
import {useAppContext} from './use-app-context.js';

/**
 * The shared store's snapshot, re-read at most once per `intervalMs`. The store changes on every
 * stats sample of every watched container (the engine sends one a second per container): a view
 * of many containers re-renders once per interval, not once per sample.
 */
export function useThrottledSnapshot(intervalMs: number): Snapshot {
	const {store} = useAppContext().flow;
	const [snapshot, setSnapshot] = useState(() => store.getSnapshot());
	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		let last = 0;
		let shown = store.getSnapshot();
		const flush = () => {
			timer = undefined;
			last = performance.now();
			const current = store.getSnapshot();
			if (current !== shown) {
				shown = current;
				setSnapshot(current);
			}
		};

		const onChange = () => {
			if (timer) return;
			timer = setTimeout(flush, Math.max(0, last + intervalMs - performance.now()));
		};

		const unsubscribe = store.subscribe(onChange);
		onChange();
		return () => {
			unsubscribe();
			clearTimeout(timer);
		};
	}, [store, intervalMs]);
	return snapshot;
}
