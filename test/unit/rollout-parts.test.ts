import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {rolloutInput} from '../../source/commands/rollout.js';
import {parseImageRef, withTag} from '../../source/docker/registry-manifest.js';
import type {SwarmNode, SwarmService} from '../../source/docker/swarm.js';
import {summarize, type Figures} from '../../source/flows/rollout/compare.js';
import {makePlan, defaultRolloutOptions} from '../../source/flows/rollout/plan.js';
import {stackFile} from '../../source/flows/rollout/stack-file.js';
import {judgeCanary} from '../../source/flows/rollout/verdict.js';

const node = (hostname: string, role: 'manager' | 'worker' = 'worker'): SwarmNode => ({id: hostname, hostname, role, state: 'ready', availability: 'active', leader: role === 'manager'});
const service = (short: string, image: string, extra: Partial<SwarmService> = {}): SwarmService => ({id: short, name: `s_${short}`, short, stack: 's', image, replicas: 3, version: 1, updateState: 'none', labels: {}, ...extra});
const state = {stack: 's', nodes: [node('m', 'manager'), node('w1'), node('w2')], services: [], at: 0};

describe('image references', () => {
	it('splits registry, repository and tag, and swaps the tag', () => {
		expect(parseImageRef('198.18.1.1:5000/sample/backend:regular')).toEqual({registry: '198.18.1.1:5000', repository: 'sample/backend', tag: 'regular'});
		expect(parseImageRef('library/node')).toEqual({registry: undefined, repository: 'library/node', tag: 'latest'});
		expect(parseImageRef('localhost/x:1@sha256:ab')).toEqual({registry: 'localhost', repository: 'x', tag: '1'});
		expect(withTag('reg.example.com:443/a/b:1.2', 'alpine')).toBe('reg.example.com:443/a/b:alpine');
	});
});

describe('the rollout plan', () => {
	const options = {...defaultRolloutOptions, stack: 's'};

	it('moves each service to its Alpine tag, one canary each, and says how Swarm will do it', async () => {
		const plan = await makePlan(state, [service('api', 'r:5000/s/api:regular'), service('web', 'r:5000/s/web:alpine')], options, async () => ({state: 'present'}));
		expect(plan.problems).toEqual([]);
		expect(plan.services.map(entry => [entry.service.short, entry.to, entry.already, entry.canaryTasks])).toEqual([
			['api', 'r:5000/s/api:alpine', false, 1],
			['web', 'r:5000/s/web:alpine', true, 1],
		]);
		expect(plan.canaryPolicy).toMatchObject({parallelism: 1, failureAction: 'rollback', order: 'start-first'});
		expect(plan.rolloutPolicy).toMatchObject({parallelism: 1, delayNs: 10e9, monitorNs: 30e9, failureAction: 'rollback', order: 'start-first'});
		expect(plan.lines.join('\n')).toMatch(/update_config parallelism 1, delay 10s, monitor 30s, failure_action rollback, max_failure_ratio 0, order start-first/);
	});

	it('refuses an image missing from the registry, an unknown service, a service mid-update and no room for start-first', async () => {
		const plan = await makePlan(
			state,
			[service('api', 'r:5000/s/api:regular'), service('db', 'r:5000/s/db:regular', {updateState: 'updating'}), service('full', 'r:5000/s/full:1', {maxPerNode: 1})],
			{...options, services: ['api', 'db', 'full', 'nope']},
			async image => (image.includes('api') ? {state: 'missing'} : {state: 'present'}),
		);
		expect(plan.problems.join('\n')).toMatch(/no service nope/);
		expect(plan.problems.join('\n')).toMatch(/r:5000\/s\/api:alpine is not in its registry/);
		expect(plan.problems.join('\n')).toMatch(/s_db is being updated already/);
		expect(plan.problems.join('\n')).toMatch(/s_full: 3 replicas at most 1 per node on 3 nodes leave no room/);
	});

	it('takes a given image over the convention', async () => {
		const plan = await makePlan(state, [service('api', 'r:5000/s/api:regular')], {...options, images: {api: 'other/api:musl'}}, async () => ({state: 'unchecked', why: 'x'}));
		expect(plan.services[0]!.to).toBe('other/api:musl');
		expect(plan.lines.join('\n')).toMatch(/registry not checked: x/);
	});
});

describe('the canary verdict', () => {
	const figures = (role: 'canary' | 'regular', cpu: number, mem: number, failures = 0): Figures => ({task: `${role}${cpu}`, node: 'w1', role, samples: 10, cpuPercent: cpu, memBytes: mem, probes: 5, probeFailures: failures, probeMeanMs: 20});

	it('passes a canary as light as the regular tasks, and says which figures it had', () => {
		const verdict = judgeCanary(summarize('api', [figures('canary', 2, 500e3), figures('regular', 2.5, 700e3), figures('regular', 2.4, 690e3)]), {running: true, healthy: true});
		expect(verdict.status).toBe('pass');
		expect(verdict.figures.join('\n')).toMatch(/CPU\/memory of 1\/1 canary and 2\/2 regular tasks \(engines of w1\)/);
	});

	it('fails on failed probes, memory beyond 1.5×, CPU beyond 2× + 5 points, or a canary not running', () => {
		expect(judgeCanary(summarize('api', [figures('canary', 2, 500e3, 2), figures('regular', 2, 500e3)]), {running: true, healthy: true}).reasons[0]).toMatch(/2 of the canary's last 5 health probes failed/);
		expect(judgeCanary(summarize('api', [figures('canary', 2, 2e6), figures('regular', 2, 1e6)]), {running: true, healthy: true}).reasons[0]).toMatch(/2.00× the regular memory/);
		expect(judgeCanary(summarize('api', [figures('canary', 30, 1e6), figures('regular', 10, 1e6)]), {running: true, healthy: true}).status).toBe('fail');
		expect(judgeCanary(summarize('api', [figures('canary', 2, 1e6), figures('regular', 2, 1e6)]), {running: false, healthy: false}).status).toBe('fail');
	});

	it('warns, not passes, when a side has no figures, and says why', () => {
		const missing: Figures = {task: 'c', node: 'w2', role: 'canary', samples: 0, probes: 0, probeFailures: 0, missing: 'the engine of w2 is not reachable from here'};
		const verdict = judgeCanary(summarize('api', [missing, figures('regular', 2, 1e6)]), {running: true, healthy: true});
		expect(verdict.status).toBe('warn');
		expect(verdict.figures.join('\n')).toMatch(/canary task c on w2: the engine of w2 is not reachable from here/);
	});
});

describe('the regular compose file as a stack file', () => {
	const compose = `services:
  backend:
    build: {context: ., dockerfile: backend.Dockerfile}
    ports: ["127.0.0.1:8000:8000"]
    environment: {A: "1"}
    volumes: [data:/data]
    tmpfs: [/tmp]
    depends_on: [auth]
  auth:
    build: .
volumes:
  data:
`;

	it('takes images from the registry, drops build, ports and depends_on, spreads replicas, rolls back start-first', () => {
		const {text, images} = stackFile(compose, {prefix: 'r:5000/sample', tag: 'regular', replicas: 3});
		const stack = parse(text);
		expect(images).toEqual({backend: 'r:5000/sample/backend:regular', auth: 'r:5000/sample/auth:regular'});
		expect(stack.version).toBe('3.8');
		expect(stack.services.backend).toEqual({
			image: 'r:5000/sample/backend:regular',
			environment: {A: '1'},
			volumes: ['data:/data', {type: 'tmpfs', target: '/tmp'}],
			deploy: {replicas: 3, placement: {preferences: [{spread: 'node.id'}]}, rollback_config: {parallelism: 0, order: 'start-first'}},
		});
		expect(stack.volumes).toEqual({data: {}});
	});
});

describe('rollout flags', () => {
	it('parses durations, counts and node engines, with defaults', () => {
		const input = rolloutInput({canary: '2', parallelism: '3', delay: '5s', monitor: '1m', maxFailureRatio: '0.25', image: ['api=r/api:a'], nodeEngine: ['w1=unix:///w1.sock']}, 'sample', {ALPINIST_SWARM_NODES: 'm=unix:///m.sock'});
		expect(input).toMatchObject({stack: 'sample', canary: 2, parallelism: 3, delayMs: 5000, monitorMs: 60_000, maxFailureRatio: 0.25, images: {api: 'r/api:a'}, rollback: false});
		expect([...input.nodeEngines.keys()]).toEqual(['m', 'w1']);
		expect(rolloutInput({}, 'sample', {})).toMatchObject({canary: 1, parallelism: 1, delayMs: 10_000, monitorMs: 30_000, maxFailureRatio: 0});
	});

	it('refuses bad input with a message that names the flag', () => {
		expect(() => rolloutInput({canary: '0'}, 's', {})).toThrow(/--canary takes a whole number ≥ 1/);
		expect(() => rolloutInput({delay: 'soon'}, 's', {})).toThrow(/--delay: "soon" is not a duration/);
		expect(() => rolloutInput({maxFailureRatio: '2'}, 's', {})).toThrow(/--max-failure-ratio takes a number from 0 to 1/);
		expect(() => rolloutInput({image: ['api']}, 's', {})).toThrow(/--image takes SERVICE=REFERENCE/);
		expect(() => rolloutInput({stack: 'a b'}, 's', {})).toThrow(/--stack takes a stack name/);
		expect(() => rolloutInput({}, 's', {ALPINIST_SWARM_NODES: 'nope'})).toThrow(/--node-engine: a node engine is NAME=HOST/);
	});
});
