import {useEffect, useRef, useState} from 'react';
import type {Snapshot} from '../docker/types.js';
import {useAppContext} from './use-app-context.js';

/** Whether a container appeared, went, or changed its state or health between two snapshots. */
export function lifecycleChanged(before: Snapshot, after: Snapshot): boolean {
	if (before.containers === after.containers) return false;
	if (before.containers.length !== after.containers.length) return true;
	const known = new Map(before.containers.map(container => [container.id, container]));
	return after.containers.some(container => {
		const was = known.get(container.id);
		return !was || was.state !== container.state || was.health !== container.health;
	});
}

/**
 * The shared store's snapshot for a view that redraws at most once per `intervalMs`, and at once
 * when a container's lifecycle changes (lifecycleChanged). The store
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
			// A container that starts, stops or changes health is what a person watches for: it
			// shows at once (see `npm run bench health`); stats samples wait for the next period.
			if (lifecycleChanged(shown.current, store.getSnapshot())) {
				clearTimeout(timer);
				flush();
				return;
			}

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
