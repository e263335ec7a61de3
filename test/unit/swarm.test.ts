import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseNodeEngines, toApiPolicy} from '../../source/docker/swarm-client.js';
import {currentTasks, failedTaskId, fromNode, fromService, fromTask, withoutDigest} from '../../source/docker/swarm.js';
import {buildState, describeService, taskHealth, variantByName, variantFrom} from '../../source/flows/rollout/state.js';

const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/swarm', name), 'utf8'));

describe('what a Swarm manager says, as plain data (recorded answers)', () => {
	it('reads nodes: hostname, role, state and the leader', () => {
		const nodes = (fixture('nodes-3.json') as any[]).map(fromNode);
		expect(nodes.map(node => [node.hostname, node.role, node.state])).toEqual([
			['ro1-1', 'manager', 'ready'],
			['ro1-3', 'worker', 'ready'],
			['ro1-2', 'worker', 'ready'],
		]);
		expect(nodes.filter(node => node.leader).map(node => node.hostname)).toEqual(['ro1-1']);
	});

	it("reads a stack's service: short name, image without digest, replicas, update state and policy", () => {
		const service = fromService(fixture('service-canary-hold.json'));
		expect(service).toMatchObject({name: 'rx_backend', short: 'backend', stack: 'rx', image: 'rx/backend:alpine', previousImage: 'rx/backend:regular', replicas: 3, updateState: 'updating'});
		expect(service.updateConfig).toEqual({parallelism: 1, delayNs: 3600e9, monitorNs: 5e9, failureAction: 'rollback', maxFailureRatio: 0, order: 'start-first'});
		const completed = (fixture('services-completed.json') as any[]).map(fromService);
		expect(completed.map(entry => [entry.short, entry.updateState])).toEqual(expect.arrayContaining([['backend', 'completed']]));
	});

	it('keeps one task per slot, the newest meant to run, and reads its container', () => {
		const tasks = (fixture('tasks-canary-hold.json') as any[]).map(fromTask);
		const current = currentTasks(tasks);
		expect(current).toHaveLength(3);
		expect(current.filter(task => task.image === 'rx/backend:alpine').map(task => task.state)).toEqual(['running']);
		expect(current.every(task => task.containerId)).toBe(true);
	});

	it("names the task Swarm's rollback message blames", () => {
		expect(failedTaskId('update rolled back due to failure or early termination of task dpj2ymdkd0e0f168jc8wdq5by')).toBe('dpj2ymdkd0e0f168jc8wdq5by');
		expect(failedTaskId('update paused due to failure or early termination of task dpj2ymdkd0e0f168jc8wdq5by')).toBe('dpj2ymdkd0e0f168jc8wdq5by');
		expect(failedTaskId('rollback completed')).toBeUndefined();
		expect(withoutDigest('r:5000/a/b:alpine@sha256:0123abcd')).toBe('r:5000/a/b:alpine');
	});

	it('turns an update policy into the API fields, in nanoseconds', () => {
		expect(toApiPolicy({parallelism: 2, delayNs: 10e9, monitorNs: 30e9, failureAction: 'rollback', maxFailureRatio: 0.2, order: 'start-first'})).toEqual({
			Parallelism: 2,
			Delay: 10e9,
			Monitor: 30e9,
			FailureAction: 'rollback',
			MaxFailureRatio: 0.2,
			Order: 'start-first',
		});
	});

	it('parses node engines as NAME=HOST, comma-separated or repeated, and refuses anything else', () => {
		expect([...parseNodeEngines(['a=unix:///a.sock,b=tcp://10.0.0.2:2375', 'c=ssh://me@c'])]).toEqual([
			['a', 'unix:///a.sock'],
			['b', 'tcp://10.0.0.2:2375'],
			['c', 'ssh://me@c'],
		]);
		expect(() => parseNodeEngines(['worker-1'])).toThrow(/NAME=HOST/);
		expect(() => parseNodeEngines(['=unix:///a'])).toThrow(/NAME=HOST/);
	});
});

describe('the stack state alpinist shows', () => {
	const nodes = (fixture('nodes-3.json') as any[]).map(fromNode);
	const services = (fixture('services-completed.json') as any[]).map(fromService);
	const tasks = (fixture('tasks-completed.json') as any[]).map(fromTask);

	it('gives each service its tasks per node, with variant and health', () => {
		const state = buildState({stack: 'sample2', nodes, services, tasks, variantOf: variantFrom(services.map(service => service.image))});
		for (const service of state.services) {
			expect(service.tasks).toHaveLength(3);
			expect(service.tasks.every(task => task.variant === 'alpine' && task.state === 'running' && task.health === 'healthy' && task.healthFrom === 'task')).toBe(true);
			expect(service.tasks.every(task => /^ro1-[123]$/.test(task.node))).toBe(true);
		}

		expect(describeService(state.services.find(service => service.short === 'backend')!)).toMatch(/^backend: .*sample\/backend:alpine \(alpine\); 3\/3 running, 3 healthy, 3 Alpine; tasks per node: .*; update: completed$/);
	});

	it("prefers the node engine's health over what the task state implies", () => {
		const task = fromTask((fixture('tasks-completed.json') as any[]).find((raw: any) => raw.Status.State === 'running'));
		expect(taskHealth(task, new Map()).health).toBe('healthy');
		expect(taskHealth(task, new Map([[task.containerId!, 'unhealthy']]))).toEqual({health: 'unhealthy', from: 'engine'});
		expect(taskHealth({...task, state: 'starting'}, new Map()).health).toBe('starting');
	});

	it('tells the variant by the plan, then by the name (not by the registry host)', () => {
		expect(variantFrom(['r:5000/x/api:v2'])('r:5000/x/api:v2')).toBe('alpine');
		expect(variantByName('r:5000/sample/backend:alpine')).toBe('alpine');
		expect(variantByName('alpine.example.com/sample/backend:1.0')).toBe('regular');
		expect(variantByName('node:20-bookworm')).toBe('regular');
	});
});

describe("the manager's event stream during a failing canary (recorded)", () => {
	it('tells the update states in order and the canary container going unhealthy', async () => {
		const {parseEvent, healthFromAction} = await import('../../source/docker/events.js');
		const lines = readFileSync(path.join(import.meta.dirname, '../fixtures/swarm/events-canary-rollback.jsonl'), 'utf8').split('\n').filter(Boolean);
		const events = lines.map(line => parseEvent(line)!);
		expect(events.filter(event => event.type === 'service').map(event => event.attributes['updatestate.new']).filter(Boolean)).toEqual(['updating', 'rollback_started', 'rollback_completed']);
		const unhealthy = events.find(event => healthFromAction(event.action) === 'unhealthy')!;
		expect(unhealthy.attributes['com.docker.swarm.service.name']).toBe('rx_backend');
		expect(unhealthy.attributes.image).toBe('rx/backend:broken');
	});
});
