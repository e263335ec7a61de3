import {useEffect, useRef, useState} from 'react';
import type {Snapshot} from '../docker/types.js';
import {useAppContext} from './use-app-context.js';

/**
 * The shared store's snapshot for a view that redraws at most once per `intervalMs`. The store
 * changes on every stats sample of every watched container (the engine sends one a second per
 * container); this coalesces them, and `changed` (given the newest snapshot) can veto a redraw
 * that would show the same screen: in Ink every commit lays out and draws the whole frame.
 */
export function useThrottledSnapshot(
	intervalMs: number,
	changed?: (snapshot: Snapshot) => boolean,
	/** Other sources whose changes show on screen (answered at the same pace, with the same veto). */
	also: Array<{subscribe: (listener: () => void) => () => void}> = [],
): Snapshot {
	const {store} = useAppContext().flow;
	const [, setFrame] = useState(0);
	const snapshot = store.getSnapshot();
	const shown = useRef(snapshot);
	shown.current = snapshot;
	const veto = useRef(changed);
	veto.current = changed;
	const sources = useRef(also);
	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		let last = 0;
		const flush = () => {
			timer = undefined;
			last = performance.now();
			const current = store.getSnapshot();
			if (veto.current ? !veto.current(current) : current === shown.current) return;
			setFrame(frame => frame + 1);
		};

		const onChange = () => {
			timer ??= setTimeout(flush, Math.max(0, last + intervalMs - performance.now()));
		};

		const unsubscribe = [store, ...sources.current].map(source => source.subscribe(onChange));
		onChange();
		return () => {
			for (const stop of unsubscribe) stop();
			clearTimeout(timer);
		};
	}, [store, intervalMs]);
	return snapshot;
}
