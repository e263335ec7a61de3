import type Dockerode from 'dockerode';
import {describe, expect, it} from 'vitest';
import {ContainerInspector} from '../../source/docker/inspector.js';
import type {ContainerInfo} from '../../source/docker/types.js';

/**
 * The ordering logic of the inspector, with inspect answers released by hand: which answer may
 * reach the snapshot when events and inspects overlap (the real-engine behaviour is covered by
 * test/integration/store.test.ts; these races are too narrow to provoke there).
 */

type Pending = {id: string; resolve: (data: unknown) => void; reject: (error: unknown) => void};

function harness() {
	const calls: Pending[] = [];
	const docker = {
		getContainer: (id: string) => ({
			inspect: () => new Promise((resolve, reject) => calls.push({id, resolve, reject})),
		}),
	} as unknown as Dockerode;
	const puts: ContainerInfo[][] = [];
	const removed: string[] = [];
	const inspector = new ContainerInspector(docker, {put: containers => puts.push(containers), remove: id => removed.push(id)});
	return {calls, puts, removed, inspector};
}

const answer = (id: string, health: string) => ({Id: id, Name: `/${id}`, Config: {Labels: {}}, State: {Status: 'running', Health: {Status: health, Log: []}}, HostConfig: {}});
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('ContainerInspector', () => {
	it('drops an answer that an event made stale and inspects again', async () => {
		const {calls, puts, inspector} = harness();
		const done = inspector.refresh('web');
		inspector.invalidate('web'); // health_status: healthy arrives while the first inspect runs
		calls[0].resolve(answer('web', 'starting'));
		await settle();
		expect(calls).toHaveLength(2);
		calls[1].resolve(answer('web', 'healthy'));
		await done;
		expect(puts.flat().map(container => container.health)).toEqual(['healthy']);
	});

	it('a second refresh while one runs shares it and asks for a fresh look', async () => {
		const {calls, puts, inspector} = harness();
		const first = inspector.refresh('web');
		const second = inspector.refresh('web');
		calls[0].resolve(answer('web', 'starting'));
		await settle();
		calls[1].resolve(answer('web', 'healthy'));
		await Promise.all([first, second]);
		expect(calls).toHaveLength(2);
		expect(puts.flat().map(container => container.health)).toEqual(['healthy']);
	});

	it('an answer waiting for its batch is handed to the event and not applied', async () => {
		const {calls, puts, inspector} = harness();
		void inspector.refresh('web');
		calls[0].resolve(answer('web', 'starting'));
		await Promise.resolve();
		await Promise.resolve();
		const waiting = inspector.invalidate('web');
		expect(waiting?.health).toBe('starting');
		await settle();
		expect(puts).toEqual([]);
	});

	it('after destroy the container does not come back: the look again finds nothing', async () => {
		const {calls, puts, removed, inspector} = harness();
		const done = inspector.refresh('web');
		inspector.invalidate('web'); // destroy
		calls[0].resolve(answer('web', 'healthy'));
		await settle();
		calls[1].reject(Object.assign(new Error('no such container'), {statusCode: 404}));
		await done;
		expect(puts).toEqual([]);
		expect(removed).toEqual(['web']);
	});

	it('answers arriving in the same turn are applied as one update', async () => {
		const {calls, puts, inspector} = harness();
		const all = ['a', 'b', 'c', 'd'].map(id => inspector.refresh(id));
		for (const call of calls) call.resolve(answer(call.id, 'healthy'));
		await Promise.all(all);
		expect(puts).toHaveLength(1);
		expect(puts[0].map(container => container.id).sort()).toEqual(['a', 'b', 'c', 'd']);
	});
});
