/**
 * The multi-node harness (scripts/swarm.sh) as its users drive it: three private dockerds in a
 * Swarm, a registry they pull from, a health-checked service spread over the nodes, a start-first
 * rolling update from the Debian stand-in to the musl one, and a teardown that leaves nothing.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {execa} from 'execa';
import {type Swarm, startSwarm, swarmLeftovers, swarmUnsupported} from '../helpers/swarm.js';
import {waitUntil} from '../helpers/wait.js';

const unsupported = swarmUnsupported();
if (unsupported) console.warn(`swarm-harness.test.ts skipped: ${unsupported}`);
const name = `alpinist-swarm-t${process.pid}`;
const service = `web-${process.pid}`;
const network = `net-${process.pid}`;

type Task = {id: string; node: string; image: string; desired: string; current: string};

async function docker(host: string, args: string[]): Promise<string> {
	return (await execa('docker', ['-H', host, ...args])).stdout.trim();
}

async function runningTasks(swarm: Swarm): Promise<Task[]> {
	const out = await docker(swarm.manager, ['service', 'ps', service, '--filter', 'desired-state=running', '--no-trunc',
		'--format', '{{.ID}}\t{{.Node}}\t{{.Image}}\t{{.DesiredState}}\t{{.CurrentState}}']);
	return out.split('\n').filter(Boolean).map(line => {
		const [id = '', node = '', image = '', desired = '', current = ''] = line.split('\t');
		// Swarm pins a task's image by digest (REF@sha256:…); compare by reference.
		return {id, node, image: image.replace(/@sha256:[0-9a-f]{64}$/, ''), desired, current};
	});
}

/** Per node, the image and health of this service's containers there (the node's own engine says). */
async function healthByNode(swarm: Swarm): Promise<Map<string, string[]>> {
	const health = new Map<string, string[]>();
	for (const node of swarm.nodes) {
		const ps = await execa('docker', ['-H', node.host, 'ps', '--filter', `label=com.docker.swarm.service.name=${service}`, '--format', '{{.Image}} {{.Status}}'], {reject: false});
		// A killed node answers nothing: it runs nothing.
		health.set(node.name, ps.exitCode === 0 ? ps.stdout.split('\n').filter(Boolean) : []);
	}

	return health;
}

const until = <T>(what: string, seconds: number, probe: () => Promise<T | undefined>) => waitUntil(probe, {what, timeoutMs: seconds * 1000, intervalMs: 250});

/** Three running tasks on three different nodes, all on `image`, each container healthy. */
async function convergedOn(swarm: Swarm, image: string): Promise<Task[] | undefined> {
	const tasks = await runningTasks(swarm);
	if (tasks.length !== 3 || !tasks.every(task => task.image === image && task.current.startsWith('Running'))) return undefined;
	const health = await healthByNode(swarm);
	const healthy = [...health.values()].flat().filter(line => line.replace(/@sha256:[0-9a-f]{64}/, '').startsWith(`${image} `) && line.includes('(healthy)'));
	return healthy.length === 3 ? tasks : undefined;
}

describe.skipIf(Boolean(unsupported))(`swarm harness${unsupported ? ` (skipped: ${unsupported})` : ''}`, () => {
	let swarm: Swarm;
	let regular: string;
	let alpine: string;
	let torn = false;

	beforeAll(async () => {
		// A short heartbeat: the manager sees a killed node Down within a few seconds.
		swarm = await startSwarm({name, nodes: 3, heartbeat: '1s'});
	}, 120_000);

	afterAll(async () => {
		if (swarm && !torn) await swarm.down();
	}, 120_000);

	test('three nodes with hostnames of their own, one manager, all Ready', async () => {
		expect(swarm.nodes.map(node => node.name)).toEqual([`${name}-1`, `${name}-2`, `${name}-3`]);
		const nodes = await docker(swarm.manager, ['node', 'ls', '--format', '{{.Hostname}} {{.Status}} {{.ManagerStatus}}']);
		expect(nodes.split('\n').map(line => line.trim()).sort()).toEqual([`${name}-1 Ready Leader`, `${name}-2 Ready`, `${name}-3 Ready`]);
		const addresses = new Set<string>();
		for (const node of swarm.nodes) {
			const [hostname, address, state] = (await docker(node.host, ['info', '--format', '{{.Name}} {{.Swarm.NodeAddr}} {{.Swarm.LocalNodeState}}'])).split(' ');
			expect(hostname).toBe(node.name);
			expect(state).toBe('active');
			addresses.add(address!);
		}

		expect(addresses.size).toBe(3);
		// The shared engine stays out of it.
		expect(await execa('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}']).then(result => result.stdout.trim())).toBe('inactive');
	});

	test('the stand-in images are published to the registry the nodes pull from', async () => {
		[regular, alpine] = await Promise.all([
			swarm.publish('alpinist-base/debian:bookworm', `alpinist-${process.pid}/app:debian`),
			swarm.publish('alpinist-base/musl:busybox', `alpinist-${process.pid}/app:musl`),
		]);
		expect(regular).toBe(`${swarm.registry}/alpinist-${process.pid}/app:debian`);
		expect(alpine).toBe(`${swarm.registry}/alpinist-${process.pid}/app:musl`);
		// A worker pulls it by itself (over TLS, from the CA in certs.d).
		await docker(swarm.nodes[2]!.host, ['pull', '-q', alpine]);
	});

	test('a 3-replica health-checked service on an overlay network spreads over the nodes and runs', async () => {
		await docker(swarm.manager, ['network', 'create', '--driver', 'overlay', '--attachable', network]);
		await docker(swarm.manager, ['service', 'create', '--detach', '--name', service, '--replicas', '3', '--network', network,
			'--health-cmd', 'test -e /tmp/ready', '--health-interval', '1s', '--health-retries', '2', '--stop-grace-period', '1s',
			regular, 'sh', '-c', 'touch /tmp/ready && exec sleep 3600']);
		const tasks = await until('3 healthy regular tasks', 60, async () => convergedOn(swarm, regular));
		expect(new Set(tasks.map(task => task.node))).toEqual(new Set(swarm.nodes.map(node => node.name)));
	}, 90_000);

	test('a start-first rolling update moves every task to the other image, and the overlay carries traffic between nodes', async () => {
		await docker(swarm.manager, ['service', 'update', '--detach', '--image', alpine, '--update-order', 'start-first',
			'--update-parallelism', '1', '--update-delay', '0s', '--update-monitor', '2s', '--update-failure-action', 'rollback', service]);
		await until('the update to complete', 90, async () => {
			const state = await docker(swarm.manager, ['service', 'inspect', service, '--format', '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}']);
			if (state === 'rollback_started' || state === 'rollback_completed' || state === 'paused') throw new Error(`the update ended ${state}`);
			return state === 'completed' ? state : undefined;
		});
		const tasks = await until('3 healthy tasks on the new image', 30, async () => convergedOn(swarm, alpine));
		// start-first runs old and new side by side, so the new tasks need not land one per node.
		const used = [...new Set(tasks.map(task => task.node))];
		expect(used.length).toBeGreaterThanOrEqual(2);

		// A task pings a task on another node by its overlay address (VXLAN over the bridge).
		const [from, to] = [used[0]!, used[1]!].map(nodeName => {
			const node = swarm.nodes.find(candidate => candidate.name === nodeName)!;
			return {node, task: tasks.find(task => task.node === nodeName)!};
		});
		const container = async (end: typeof from) => docker(end!.node.host, ['ps', '-q', '--filter', `label=com.docker.swarm.task.id=${end!.task.id}`]);
		const target = await docker(to!.node.host, ['inspect', '--format', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, await container(to)]);
		expect(target).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
		const ping = await execa('docker', ['-H', from!.node.host, 'exec', await container(from), 'ping', '-c', '1', '-W', '3', target], {reject: false});
		expect(ping.stdout).toContain('1 packets received');
	}, 150_000);

	test('a killed worker goes Down, its task starts again on the other nodes, and it comes back Ready', async () => {
		const victim = swarm.nodes[2]!;
		await swarm.killNode(victim.name);
		await expect(docker(victim.host, ['info'])).rejects.toThrow();
		await until(`${victim.name} to be Down`, 30, async () => {
			const status = await docker(swarm.manager, ['node', 'inspect', victim.name, '--format', '{{.Status.State}}']);
			return status === 'down' ? status : undefined;
		});
		const tasks = await until('3 healthy tasks on the 2 remaining nodes', 60, async () => convergedOn(swarm, alpine));
		for (const task of tasks) expect([swarm.nodes[0]!.name, swarm.nodes[1]!.name]).toContain(task.node);

		// Booted again with its data, it rejoins the swarm by itself.
		await swarm.startNode(victim.name);
		expect(await docker(swarm.manager, ['node', 'inspect', victim.name, '--format', '{{.Status.State}}'])).toBe('ready');
	}, 120_000);

	test('down removes every namespace, engine, mount, link, cgroup, folder and the registry', async () => {
		await swarm.down();
		torn = true;
		expect(await swarmLeftovers(name, swarm.registry)).toEqual([]);
		const processes = (await execa('ps', ['-eo', 'args='])).stdout;
		expect(processes).not.toContain(`/alpinist-swarm/${name}/`);
		// Idempotent: a second down finds nothing and succeeds.
		await swarm.down();
	}, 120_000);
});
