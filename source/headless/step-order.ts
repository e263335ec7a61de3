import {EventChannel} from '../flows/channel.js';
import {drain} from '../flows/drain.js';
import type {DataMap, FlowEvent} from '../flows/types.js';

/**
 * Reorders the finished steps of a flow that runs its steps at once (the checklist) into a fixed
 * order, so that plain and CI output lists them the same way on every run (as the TUI does), while
 * each one still prints as soon as every step before it has finished. Steps not named in `order`,
 * running steps and every other event pass straight through; the return value is the flow's.
 */
export async function* inStepOrder<R, M extends DataMap>(events: AsyncGenerator<FlowEvent<M>, R, void>, order: string[]): AsyncGenerator<FlowEvent<M>, R, void> {
	const held = new Map<string, FlowEvent<M>>();
	const channel = new EventChannel<FlowEvent<M>>();
	let next = 0;
	const release = () => {
		while (next < order.length && held.has(order[next])) {
			channel.push(held.get(order[next])!);
			held.delete(order[next]);
			next++;
		}
	};

	const value = yield* channel.until(
		drain(events, event => {
			if (event.type === 'step' && event.status !== 'running' && order.includes(event.id)) {
				held.set(event.id, event);
				release();
			} else {
				channel.push(event);
			}
		}),
	);
	// Whatever is still held (behind a step that never finished) comes out in order before the end.
	for (const id of order) if (held.has(id)) yield held.get(id)!;
	return value;
}
