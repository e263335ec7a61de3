import {describe, expect, it} from 'vitest';
import type {ContainerInfo} from '../../source/docker/types.js';
import {describeStack, stackSummary} from '../../source/flows/stack-state.js';

function container(service: string, state: string, health: ContainerInfo['health'], extra: Partial<ContainerInfo> = {}): ContainerInfo {
	return {
		id: `id-${service}`,
		name: `p_${service}_1`,
		image: 'i',
		imageId: 'sha256:1',
		created: 0,
		state,
		status: '',
		health,
		healthLog: [],
		labels: {},
		project: 'p',
		service,
		ports: [],
		mounts: [],
		limits: {memoryBytes: 0, nanoCpus: 0, cpuQuota: 0, cpuPeriod: 0, pidsLimit: 0},
		inspected: true,
		...extra,
	};
}

describe('describeStack', () => {
	it('an empty project is neither healthy nor half-started', () => {
		const stack = describeStack('p', [], ['backend', 'auth']);
		expect(stack).toMatchObject({empty: true, healthy: false, half: false});
		expect(stackSummary(stack)).toBe('backend missing, auth missing');
	});

	it('every service running and healthy is a healthy stack', () => {
		const stack = describeStack('p', [container('backend', 'running', 'healthy'), container('auth', 'running', 'none')], ['backend', 'auth']);
		expect(stack).toMatchObject({empty: false, healthy: true, half: false});
	});

	it('some containers but not every service ready is half-started, with what is wrong', () => {
		const stack = describeStack('p', [container('backend', 'running', 'starting'), container('auth', 'exited', 'none', {exitCode: 1})], ['backend', 'auth', 'frontend']);
		expect(stack).toMatchObject({empty: false, healthy: false, half: true});
		expect(stackSummary(stack)).toBe('backend running/starting, auth exited (1), frontend missing');
	});

	it('strips control sequences from container names', () => {
		const stack = describeStack('p', [container('backend', 'running', 'healthy', {name: 'evil\u001B[2Jname'})], ['backend']);
		expect(stack.services[0].container).toBe('evilname');
	});
});
