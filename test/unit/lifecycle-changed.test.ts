import {describe, expect, it} from 'vitest';
import type {ContainerInfo, Snapshot} from '../../source/docker/types.js';
import {lifecycleChanged} from '../../source/hooks/use-throttled-snapshot.js';

const container = (id: string, state: string, health: string) => ({id, state, health}) as unknown as ContainerInfo;
const snapshot = (containers: ContainerInfo[]) => ({containers}) as unknown as Snapshot;

describe('lifecycleChanged', () => {
	const before = snapshot([container('a', 'running', 'starting'), container('b', 'running', 'none')]);

	it('is false for the same list, and for a new list with the same states and health', () => {
		expect(lifecycleChanged(before, before)).toBe(false);
		expect(lifecycleChanged(before, snapshot([container('a', 'running', 'starting'), container('b', 'running', 'none')]))).toBe(false);
	});

	it('is true when a container changes health or state, appears or goes', () => {
		expect(lifecycleChanged(before, snapshot([container('a', 'running', 'healthy'), container('b', 'running', 'none')]))).toBe(true);
		expect(lifecycleChanged(before, snapshot([container('a', 'running', 'starting'), container('b', 'exited', 'none')]))).toBe(true);
		expect(lifecycleChanged(before, snapshot([container('a', 'running', 'starting')]))).toBe(true);
		expect(lifecycleChanged(before, snapshot([container('a', 'running', 'starting'), container('c', 'running', 'none')]))).toBe(true);
	});
});
