import type {DataMap, FlowEvent} from '../flows/types.js';

/**
 * Reorders the finished steps of a flow that runs its steps at once (the checklist) into a fixed
 * order, so that plain and CI output lists them the same way on every run (as the TUI does), while
 * each one still prints as soon as every step before it has finished. Steps not named in `order`,
 * running steps and every other event pass straight through; the return value is the flow's.
 */
export async function* inStepOrder<R, M extends DataMap>(events: AsyncGenerator<FlowEvent<M>, R, void>, order: string[]): AsyncGenerator<FlowEvent<M>, R, void> {
	const held = new Map<string, FlowEvent<M>>();
	let next = 0;
	const release = function* (): Generator<FlowEvent<M>> {
		while (next < order.length && held.has(order[next])) {
			yield held.get(order[next])!;
			held.delete(order[next]);
			next++;
		}
	};

	for (;;) {
		const item = await events.next();
		if (item.done) {
			// Whatever is still held (a step that never finished) comes out in order before the end.
			yield* release();
			for (const id of order) if (held.has(id)) yield held.get(id)!;
			return item.value;
		}

		const event = item.value;
		if (event.type === 'step' && event.status !== 'running' && order.includes(event.id)) {
			held.set(event.id, event);
			yield* release();
		} else {
			yield event;
		}
	}
}
