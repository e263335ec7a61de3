import {execFileSync} from 'node:child_process';
import type Dockerode from 'dockerode';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {resolveEndpoint} from '../../source/docker/connection.js';
import {DockerStore} from '../../source/docker/store.js';
import type {ContainerInfo, EngineEvent, Snapshot} from '../../source/docker/types.js';
import {busyboxImage, PrivateEngine} from '../helpers/engine.js';

/**
 * The store against the real engine: container changes reach the snapshot from the engine's event
 * stream, and how long after the engine's own event time (its timeNano) the snapshot shows them.
 */

const project = `it-store-${process.pid}`;
const latencies: Record<string, number[]> = {};

/** Wall clock with sub-millisecond precision, comparable with the engine's timeNano (same host). */
const wallMs = () => performance.timeOrigin + performance.now();

/**
 * Resolves when a snapshot shows the container satisfying `predicate` and that snapshot carries
 * the engine event `action` of that container (the store applies an event and records it in one
 * update). Records snapshot-update wall time − event timeNano.
 */
function reached(store: DockerStore, id: string, action: string, predicate: (container: ContainerInfo) => boolean, timeoutMs = 30_000): Promise<Snapshot> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			unsubscribe();
			const container = store.getSnapshot().containers.find(candidate => candidate.id === id);
			reject(new Error(`no "${action}" within ${timeoutMs} ms; container is ${container?.state}/${container?.health}`));
		}, timeoutMs);
		const check = () => {
			const now = wallMs();
			const snapshot = store.getSnapshot();
			const container = snapshot.containers.find(candidate => candidate.id === id);
			const event: EngineEvent | undefined = snapshot.lastEvent;
			if (!container || !predicate(container) || event?.id !== id || event.action !== action) return;
			clearTimeout(timer);
			unsubscribe();
			(latencies[action] ??= []).push(now - event.timeNano / 1e6);
			resolve(snapshot);
		};

		const unsubscribe = store.subscribe(check);
	});
}

const summary = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return {runs: sorted.length, min: sorted[0], median, max: sorted.at(-1)!};
};

describe('DockerStore on the shared engine', () => {
	let store: DockerStore;
	let docker: Dockerode;
	let image: Awaited<ReturnType<typeof busyboxImage>>;
	let container: Dockerode.Container;
	let id: string;
	const volumeName = `${project}-data`;

	beforeAll(async () => {
		store = new DockerStore();
		await store.start();
		expect(store.getSnapshot().status).toBe('ready');
		docker = store.docker;
		image = await busyboxImage(docker, `alpinist-test/busybox:${project}`);
		container = await docker.createContainer({
			Image: image.image,
			name: `${project}-probe-1`,
			Cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
			Labels: {'com.docker.compose.project': project, 'com.docker.compose.service': 'probe'},
			// A health check we flip with a file: healthy while /tmp/healthy exists.
			Healthcheck: {Test: ['CMD-SHELL', 'test -e /tmp/healthy'], Interval: 250e6, Timeout: 2e9, Retries: 1, StartPeriod: 0},
			StopTimeout: 2,
			HostConfig: {NetworkMode: 'none', Memory: 32 * 1024 * 1024, NanoCpus: 0.5e9, Tmpfs: {'/run': 'size=1m'}},
		});
		id = container.id;
	});

	afterAll(async () => {
		await container?.remove({force: true}).catch(() => {});
		await docker?.getVolume(volumeName).remove().catch(() => {});
		await image?.remove();
		store?.stop();
		for (const [action, values] of Object.entries(latencies)) {
			const {runs, min, median, max} = summary(values);
			console.log(`event → snapshot latency, ${action}: median ${median.toFixed(1)} ms, min ${min.toFixed(1)} ms, max ${max.toFixed(1)} ms (${runs} runs; snapshot-update wall time − engine timeNano)`);
		}
	});

	it('a created container appears from its create event, then its details from inspect', async () => {
		const snapshot = await store.waitFor(s => s.containers.some(c => c.id === id && c.inspected), {timeoutMs: 15_000});
		const probe = snapshot.containers.find(c => c.id === id)!;
		expect(probe).toMatchObject({name: `${project}-probe-1`, project, service: 'probe', state: 'created', image: image.image});
		expect(probe.limits.memoryBytes).toBe(32 * 1024 * 1024);
		expect(probe.limits.nanoCpus).toBe(0.5e9);
		expect(probe.mounts).toContainEqual({type: 'tmpfs', source: 'size=1m', destination: '/run', readOnly: false});
	});

	it('start, health changes and stop reach the snapshot from their events, every time', async () => {
		for (let cycle = 0; cycle < 5; cycle++) {
			const running = reached(store, id, 'start', c => c.state === 'running');
			await container.start();
			await running;

			const healthy = reached(store, id, 'health_status: healthy', c => c.health === 'healthy');
			await execa('docker', ['exec', id, 'touch', '/tmp/healthy']);
			await healthy;

			const unhealthy = reached(store, id, 'health_status: unhealthy', c => c.health === 'unhealthy');
			await execa('docker', ['exec', id, 'rm', '/tmp/healthy']);
			await unhealthy;

			const exited = reached(store, id, 'die', c => c.state === 'exited');
			await container.stop({t: 2});
			const snapshot = await exited;
			expect(snapshot.containers.find(c => c.id === id)?.exitCode).toBe(0);
		}

		// Each change of each cycle came with its own event (how soon is timing: the figures are
		// printed after the run, and `npm run bench health` measures the engine's event to the screen).
		expect(Object.keys(latencies).sort()).toEqual(['die', 'health_status: healthy', 'health_status: unhealthy', 'start']);
		for (const values of Object.values(latencies)) expect(values).toHaveLength(5);
	});

	it('a restarted container that was unhealthy shows "starting" from its start event, not the old "unhealthy"', async () => {
		await store.waitFor(s => s.containers.some(c => c.id === id && c.state === 'exited' && c.health === 'unhealthy'), {timeoutMs: 15_000});
		const started = reached(store, id, 'start', c => c.state === 'running' && c.health === 'starting');
		await container.start();
		await started;
	});

	it('live stats only while watched', async () => {
		await store.waitFor(s => s.containers.find(c => c.id === id)?.state === 'running', {timeoutMs: 15_000});
		expect(store.getSnapshot().stats[id]).toBeUndefined();
		const unwatch = store.watchStats([id]);
		const snapshot = await store.waitFor(s => (s.stats[id]?.history.length ?? 0) >= 2, {timeoutMs: 15_000});
		const stats = snapshot.stats[id];
		expect(stats.memLimit).toBe(32 * 1024 * 1024);
		expect(stats.memUsage).toBeGreaterThan(0);
		expect(stats.pids).toBeGreaterThanOrEqual(1);
		unwatch();
		expect(store.getSnapshot().stats[id]).toBeUndefined();
	});

	it('volumes follow volume events', async () => {
		await docker.createVolume({Name: volumeName, Labels: {'com.docker.compose.project': project}});
		const snapshot = await store.waitFor(s => s.volumes.some(v => v.name === volumeName), {timeoutMs: 15_000});
		expect(snapshot.volumes.find(v => v.name === volumeName)?.labels['com.docker.compose.project']).toBe(project);
		await docker.getVolume(volumeName).remove();
		await store.waitFor(s => !s.volumes.some(v => v.name === volumeName), {timeoutMs: 15_000});
	});

	it('a removed container leaves the snapshot from its destroy event', async () => {
		const gone = store.waitFor(s => !s.containers.some(c => c.id === id) && s.lastEvent?.action === 'destroy', {timeoutMs: 15_000});
		await container.remove({force: true});
		await gone;
	});
});

describe('DockerStore when its engine stops and starts again', () => {
	const engine = new PrivateEngine();
	let store: DockerStore | undefined;
	const hostBridge = () => execFileSync('ip', ['-o', 'link']).toString().includes(' docker0:');
	const bridgeBefore = hostBridge();

	afterAll(async () => {
		store?.stop();
		await engine.dispose();
	});

	it('holds its details until told (the TUI: until the first frame), then fills them in', async () => {
		engine.start();
		// A first store only to know when the engine answers, and to make a volume the second finds.
		const probe = new DockerStore({endpoint: resolveEndpoint({DOCKER_HOST: engine.host})});
		void probe.start();
		await probe.waitFor(s => s.status === 'ready', {timeoutMs: 60_000});
		await probe.docker.createVolume({Name: 'held-details'});
		probe.stop();

		let release!: () => void;
		store = new DockerStore({endpoint: resolveEndpoint({DOCKER_HOST: engine.host}), detailsAfter: new Promise<void>(resolve => (release = resolve))});
		await store.start();
		expect(store.getSnapshot()).toMatchObject({status: 'ready', reconnects: 0, endpoint: {host: engine.host, source: 'DOCKER_HOST'}});
		expect(store.getSnapshot().engine?.version).toMatch(/\d/);
		// Without the hold the volume list would be in within milliseconds.
		await new Promise(resolve => setTimeout(resolve, 300));
		expect(store.getSnapshot().volumes).toEqual([]);
		release();
		await store.waitFor(s => s.volumes.some(v => v.name === 'held-details'), {timeoutMs: 15_000});
	});

	it('shows unreachable, then recovers by itself (same store, reconnects = 1)', async () => {
		expect(store?.getSnapshot().status).toBe('ready');
		if (!store) return;

		const unreachable = store.waitFor(s => s.status === 'unreachable', {timeoutMs: 60_000});
		await engine.stop();
		expect((await unreachable).error).toBeTruthy();

		engine.start();
		const back = await store.waitFor(s => s.status === 'ready', {timeoutMs: 90_000});
		expect(back.reconnects).toBe(1);
		expect(back.error).toBeUndefined();
		expect(back.engine?.host).toBe(engine.host);
	});

	it('left the shared engine\'s docker0 bridge alone while its private engine started and stopped', () => {
		expect(hostBridge()).toBe(bridgeBefore);
	});
});
