import type Dockerode from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {computeStats, type RawStats} from '../../source/docker/stats.js';
import {DockerStore} from '../../source/docker/store.js';
import {labelledContainer} from '../helpers/containers.js';

/**
 * Stats read from the kernel's cgroup files (the engine runs on this machine) against the engine's
 * own stats answer for the same containers: the same figures, by the same formulas.
 */

const project = `it-cgroup-${process.pid}`;

async function engineStats(container: Dockerode.Container) {
	return computeStats((await container.stats({stream: false})) as unknown as RawStats);
}

describe('stats from cgroup files, on a real engine', () => {
	let store: DockerStore;
	let busy: Dockerode.Container;
	let idle: Dockerode.Container;

	beforeAll(async () => {
		// One spins a core; one holds 8 MiB in /dev/shm (tmpfs pages count in the memory cgroup) and sleeps.
		busy = await labelledContainer(project, 'busy', {cmd: ['sh', '-c', 'while :; do :; done']});
		idle = await labelledContainer(project, 'idle', {cmd: ['sh', '-c', 'dd if=/dev/zero of=/dev/shm/held bs=1M count=8 2>/dev/null; exec sleep 3600']});
		store = new DockerStore();
		await store.start();
		await store.waitFor(snapshot => [busy.id, idle.id].every(id => snapshot.containers.find(container => container.id === id)?.inspected), {timeoutMs: 15_000});
	}, 60_000);

	afterAll(async () => {
		store?.stop();
		await Promise.all([busy, idle].filter(Boolean).map(container => container.remove({force: true}).catch(() => {})));
	});

	it('gives the engine\'s figures for memory, PIDs, limit and network, and a spinning core as ~100 %', async () => {
		const release = store.watchStats([busy.id, idle.id]);
		try {
			const snapshot = await store.waitFor(s => Boolean(s.stats[busy.id] && s.stats[idle.id]), {timeoutMs: 15_000});
			expect(store.statsSourceOf(busy.id)).toBe('cgroup');
			expect(store.statsSourceOf(idle.id)).toBe('cgroup');
			const [engineIdle, engineBusy] = await Promise.all([engineStats(idle), engineStats(busy)]);
			const ours = store.getSnapshot().stats[idle.id];
			expect(ours.memUsage).toBeGreaterThan(8 * 1024 * 1024);
			expect(Math.abs(ours.memUsage - engineIdle.memUsage)).toBeLessThan(256 * 1024);
			expect(ours.memLimit).toBe(engineIdle.memLimit);
			expect(ours.pids).toBe(engineIdle.pids);
			expect(Math.abs(ours.netRx - engineIdle.netRx)).toBeLessThan(1024);
			expect(ours.netTx).toBe(engineIdle.netTx);
			expect(snapshot.stats[busy.id].cpuPercent).toBeGreaterThan(50);
			expect(snapshot.stats[busy.id].cpuPercent).toBeLessThan(110);
			expect(engineBusy.cpuPercent).toBeGreaterThan(50);
			expect(snapshot.stats[idle.id].cpuPercent).toBeLessThan(5);
		} finally {
			release();
		}

		// Released: the figures leave the snapshot.
		await store.waitFor(s => !s.stats[idle.id] && !s.stats[busy.id], {timeoutMs: 5000});
	}, 60_000);

	it('follows a restart: the new process, read again from its new cgroup', async () => {
		const release = store.watchStats([busy.id]);
		try {
			await store.waitFor(s => Boolean(s.stats[busy.id]), {timeoutMs: 15_000});
			const before = store.getSnapshot().containers.find(container => container.id === busy.id)!.pid;
			await busy.restart({t: 0});
			const restarted = Date.now();
			const snapshot = await store.waitFor(s => (s.stats[busy.id]?.readAt ?? 0) > restarted + 1500 && s.stats[busy.id].cpuPercent > 50, {timeoutMs: 20_000});
			expect(snapshot.containers.find(container => container.id === busy.id)!.pid).not.toBe(before);
			expect(store.statsSourceOf(busy.id)).toBe('cgroup');
			// The history runs on across the restart (the sparkline keeps its past).
			const history = snapshot.stats[busy.id].history;
			expect(history.some(point => point.at < restarted)).toBe(true);
			expect(history.at(-1)!.at).toBeGreaterThan(restarted);
		} finally {
			release();
		}
	}, 60_000);

	it('reads a paused container too (its process and cgroup stay), at ~0 % CPU', async () => {
		await busy.pause();
		const paused = Date.now();
		let release = () => {};
		try {
			// Watched only once the store shows it paused: it is attached while paused.
			await store.waitFor(s => s.containers.find(container => container.id === busy.id)?.state === 'paused', {timeoutMs: 10_000});
			release = store.watchStats([busy.id]);
			const snapshot = await store.waitFor(s => (s.stats[busy.id]?.readAt ?? 0) > paused + 1000, {timeoutMs: 15_000});
			expect(store.statsSourceOf(busy.id)).toBe('cgroup');
			expect(snapshot.stats[busy.id].cpuPercent).toBeLessThan(5);
		} finally {
			await busy.unpause().catch(() => {});
			release();
		}
	}, 60_000);

	it('reads at the watcher\'s period: a fast view\'s samples come closer together than a slow view\'s', async () => {
		// The spacing itself (and how near it keeps to the period) is timing: `npm run bench sampling` prints it.
		const spacing = async (intervalMs: number) => {
			const release = store.watchStats([idle.id], {intervalMs});
			try {
				const snapshot = await store.waitFor(s => (s.stats[idle.id]?.history.length ?? 0) >= 4, {timeoutMs: 20_000});
				const times = snapshot.stats[idle.id].history.map(point => point.at);
				const gaps = times.slice(1).map((at, index) => at - times[index]);
				// One sample after another, in order.
				for (const gap of gaps) expect(gap).toBeGreaterThan(0);
				return gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
			} finally {
				release();
				await store.waitFor(s => !s.stats[idle.id], {timeoutMs: 5000});
			}
		};

		const slow = await spacing(2000);
		const fast = await spacing(500);
		expect(fast).toBeLessThan(slow);
	}, 60_000);

	it('asks the engine instead when told to (ALPINIST_STATS=engine), with the same figures', async () => {
		const engineStore = new DockerStore({statsSource: 'engine'});
		await engineStore.start();
		const release = engineStore.watchStats([idle.id]);
		const mine = store.watchStats([idle.id]);
		try {
			const fromEngine = (await engineStore.waitFor(s => Boolean(s.stats[idle.id]), {timeoutMs: 15_000})).stats[idle.id];
			const fromFiles = (await store.waitFor(s => Boolean(s.stats[idle.id]), {timeoutMs: 15_000})).stats[idle.id];
			expect(engineStore.statsSourceOf(idle.id)).toBe('engine');
			expect(Math.abs(fromEngine.memUsage - fromFiles.memUsage)).toBeLessThan(256 * 1024);
			expect(fromEngine.pids).toBe(fromFiles.pids);
			expect(fromEngine.memLimit).toBe(fromFiles.memLimit);
		} finally {
			release();
			mine();
			engineStore.stop();
		}
	}, 60_000);
});
