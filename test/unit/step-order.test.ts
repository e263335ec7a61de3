import {describe, expect, it} from 'vitest';
import type {FlowEvent} from '../../source/flows/types.js';
import {inStepOrder} from '../../source/headless/step-order.js';
import {collect} from '../../source/flows/drain.js';

const done = (id: string): FlowEvent => ({type: 'step', id, title: id, status: 'pass'});

async function* finishing(order: string[]): AsyncGenerator<FlowEvent, string, void> {
	for (const id of ['a', 'b', 'c']) yield {type: 'step', id, title: id, status: 'running'};
	for (const id of order) {
		yield done(id);
		yield {type: 'data', kind: 'check', data: id};
	}

	return 'outcome';
}

const finished = (events: FlowEvent[]) => events.flatMap(event => (event.type === 'step' && event.status !== 'running' ? [event.id] : []));

describe('inStepOrder', () => {
	it('lists finished steps in the given order, whatever order they finished in', async () => {
		for (const order of [['c', 'a', 'b'], ['b', 'c', 'a'], ['a', 'b', 'c']]) {
			const {events: seen, value} = await collect(inStepOrder(finishing(order), ['a', 'b', 'c']));
			expect(finished(seen)).toEqual(['a', 'b', 'c']);
			expect(value).toBe('outcome');
		}
	});

	it('releases a step as soon as every step before it is done', async () => {
		const {events: seen} = await collect(inStepOrder(finishing(['a', 'c', 'b']), ['a', 'b', 'c']));
		const ids = seen.map(event => (event.type === 'step' ? `${event.status}:${event.id}` : event.type === 'data' ? `data:${String(event.data)}` : event.type));
		// a goes out at once; c waits for b; data and running steps pass straight through.
		expect(ids).toEqual(['running:a', 'running:b', 'running:c', 'pass:a', 'data:a', 'data:c', 'pass:b', 'pass:c', 'data:b']);
	});

	it('lets steps it was not told about through, and flushes held ones at the end', async () => {
		async function* partial(): AsyncGenerator<FlowEvent, string, void> {
			yield done('c');
			yield done('extra');
			return 'end';
		}

		const {events: seen} = await collect(inStepOrder(partial(), ['a', 'b', 'c']));
		expect(finished(seen)).toEqual(['extra', 'c']);
	});
});
