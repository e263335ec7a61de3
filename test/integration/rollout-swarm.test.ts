import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execa} from 'execa';
import {engineAt, SwarmClient} from '../../source/docker/swarm-client.js';
import {currentTasks} from '../../source/docker/swarm.js';
import {buildSampleImages, deploySample, publishSample, removeStack, type SampleImages} from '../../scripts/swarm/sample.js';
import {buildCli, cliPath} from '../helpers/cli.js';
import {startSwarm, type Swarm, swarmLeftovers, swarmUnsupported} from '../helpers/swarm.js';

/**
 * The rollout on a real 3-node Swarm (scripts/swarm.sh: private dockerds in network namespaces,
 * one manager, two workers, a registry they pull from): a good rollout, a failing canary, a worker
 * lost mid-rollout. One swarm for the file; each test deploys a stack of its own.
 */

const skip = swarmUnsupported();
const name = `alpinist-rollout-${process.pid}`;
let swarm: Swarm;
let images: SampleImages;
let client: SwarmClient;

type Run = {exitCode: number; stdout: string; stderr: string; document?: any};

function rollout(stack: string, extra: string[], options: {onLine?: (line: string) => void} = {}): Promise<Run> {
	const nodeEngines = swarm.nodes.map(node => `${node.name}=${node.host}`).join(',');
	const child = execa('node', [cliPath, 'rollout', '--stack', stack, '--yes', ...extra], {
		env: {DOCKER_HOST: swarm.manager, ALPINIST_SWARM_NODES: nodeEngines},
		reject: false,
		timeout: 600_000,
	});
	let buffer = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		buffer += chunk.toString();
		const lines = buffer.split('\n');
		buffer = lines.pop() ?? '';
		for (const line of lines) options.onLine?.(line);
	});
	return child.then(result => ({
		exitCode: result.exitCode ?? -1,
		stdout: String(result.stdout),
		stderr: String(result.stderr),
		document: extra.includes('--json') ? JSON.parse(String(result.stdout)) : undefined,
	}));
}

async function tasksOf(stack: string) {
	const services = await client.stackServices(stack);
	const tasks = await client.tasks(services.map(service => service.id));
	return services.map(service => ({service, tasks: currentTasks(tasks.filter(task => task.serviceId === service.id))}));
}

describe.skipIf(skip)('rollout on a 3-node Swarm', () => {
	beforeAll(async () => {
		buildCli();
		swarm = await startSwarm({name, nodes: 3, heartbeat: '2s'});
		client = new SwarmClient(engineAt(swarm.manager));
		images = await buildSampleImages(name, {broken: true});
		await publishSample(images, swarm.publish, 'sample');
	}, 600_000);

	afterAll(async () => {
		await swarm?.down();
		await images?.remove();
		if (swarm) expect(await swarmLeftovers(name, swarm.registry)).toEqual([]);
	}, 180_000);

	it('a good rollout ends with every task on the Alpine image and healthy', async () => {
		await deploySample({manager: swarm.manager, registry: swarm.registry, repo: 'sample', stack: 'good'});
		const run = await rollout('good', ['--monitor', '5s', '--delay', '1s', '--json']);
		expect(run.exitCode, run.stdout).toBe(0);
		const document = run.document;
		expect(document).toMatchObject({ok: true, exitCode: 0, failure: null});
		expect(document.nodes.map((node: any) => node.hostname).sort()).toEqual(swarm.nodes.map(node => node.name).sort());
		expect(document.canary.verdict).not.toBe('fail');
		for (const service of document.services) {
			expect(service.variant).toBe('alpine');
			expect(service.updateState).toBe('completed');
			expect(service.tasks).toHaveLength(3);
			for (const task of service.tasks) expect(task).toMatchObject({variant: 'alpine', state: 'running', health: 'healthy'});
		}

		// What the manager says, read apart from alpinist's document.
		for (const {service, tasks} of await tasksOf('good')) {
			expect(service.image).toBe(`${swarm.registry}/sample/${service.short}:alpine`);
			expect(tasks.map(task => [task.image, task.state])).toEqual(Array(3).fill([`${swarm.registry}/sample/${service.short}:alpine`, 'running']));
		}

		await removeStack(swarm.manager, 'good');
	}, 600_000);

	it('a failing canary is rolled back automatically, and nothing else moved', async () => {
		await deploySample({manager: swarm.manager, registry: swarm.registry, repo: 'sample', stack: 'bad'});
		const before = await tasksOf('bad');
		const run = await rollout('bad', ['--monitor', '5s', '--delay', '1s', '--image', `backend=${swarm.registry}/sample/backend:broken`, '--json']);
		expect(run.exitCode, run.stdout).toBe(1);
		const {failure, canary} = run.document;
		expect(failure).toMatchObject({kind: 'canary', service: 'backend'});
		expect(swarm.nodes.map(node => node.name)).toContain(failure.node);
		expect(failure.swarm).toMatch(/rolled back due to failure or early termination of task/);
		expect(failure.probe?.output ?? '').toMatch(/503/);
		expect(canary.services.find((entry: any) => entry.service === 'backend').verdict).toBeNull();

		const after = await tasksOf('bad');
		for (const {service, tasks} of after) {
			expect(tasks.map(task => [task.image, task.state])).toEqual(Array(3).fill([`${swarm.registry}/sample/${service.short}:regular`, 'running']));
			// Only the canary slot of each service was ever replaced: every other task is the one deployed.
			const old = before.find(entry => entry.service.id === service.id)!.tasks;
			const kept = tasks.filter(task => old.some(previous => previous.id === task.id));
			expect(kept.length).toBeGreaterThanOrEqual(2);
		}

		await removeStack(swarm.manager, 'bad');
	}, 600_000);

	it('a worker killed mid-rollout: the rollout rolls back and says which node', async () => {
		await deploySample({manager: swarm.manager, registry: swarm.registry, repo: 'sample', stack: 'lost'});
		const victim = swarm.nodes.at(-1)!.name;
		let killed: Promise<void> | undefined;
		const run = await rollout('lost', ['--monitor', '5s', '--delay', '8s', '--plain'], {
			onLine: line => {
				if (!killed && /Swarm rolling update to .* started/.test(line)) killed = swarm.killNode(victim);
			},
		});
		await killed;
		expect(killed, `the rolling update never started:\n${run.stdout}`).toBeDefined();
		expect(run.exitCode, run.stdout).toBe(1);
		expect(run.stdout).toContain(`node ${victim} went down`);
		expect(run.stdout).toMatch(/docker service rollback|rolled back by Swarm/);
	}, 600_000);
});
