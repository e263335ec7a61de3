import Dockerode from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {gatherDashboard} from '../../source/flows/report/gather.js';
import {watchThresholds} from '../../source/flows/report/report.js';
import {testContext} from '../helpers/context.js';
import {drainUntil} from '../helpers/flow.js';

const docker = new Dockerode();
const image = 'alpinist-base/musl:busybox';

async function exec(container: Dockerode.Container, cmd: string[]): Promise<void> {
	const run = await container.exec({Cmd: cmd, AttachStdout: true, AttachStderr: true});
	const stream = await run.start({});
	await new Promise(resolve => {
		stream.on('end', resolve);
		stream.resume();
	});
	const result = await run.inspect();
	if (result.ExitCode !== 0) throw new Error(`${cmd.join(' ')} exited ${result.ExitCode}`);
}

describe('report --watch on a real container whose memory grows', () => {
	const harness = testContext('it-watch', {
		adjust(project) {
			project.config.thresholds.memory = {warning: 24e6, critical: 48e6};
		},
	});
	let container: Dockerode.Container;

	beforeAll(async () => {
		container = await docker.createContainer({
			Image: image,
			Cmd: ['sleep', '3600'],
			name: `${harness.project.projectNames.alpine}-backend-1`,
			Labels: {'com.docker.compose.project': harness.project.projectNames.alpine, 'com.docker.compose.service': 'backend'},
			HostConfig: {ShmSize: 128 * 1024 * 1024},
		});
		await container.start();
		await harness.context.store.start();
		await harness.context.store.waitFor(snapshot => snapshot.containers.some(c => c.id === container.id && c.state === 'running'), {timeoutMs: 10_000});
	});

	afterAll(async () => {
		await container?.remove({force: true}).catch(() => {});
		harness.cleanup();
	});

	it('measures the project\'s containers and evaluates memory against the thresholds', async () => {
		const dashboard = await gatherDashboard(harness.context, {smoke: false});
		expect(dashboard.variant).toBe('alpine');
		expect(dashboard.containers.map(c => c.service)).toEqual(['backend']);
		expect(dashboard.memoryTotal).toBeGreaterThan(0);
		expect(dashboard.memoryTotal).toBeLessThan(24e6);
		expect(dashboard.evaluations.find(e => e.metric === 'memory')?.level).toBe('ok');
	});

	it('alerts when memory crosses warning and critical, and clears when it drops', async () => {
		const rounds = watchThresholds(harness.context, {intervalMs: 50, smoke: false, count: 4});
		const seen: string[] = [];
		// Advance to the next dashboard, keeping the transitions that came before it.
		const collect = () =>
			drainUntil(rounds, event => event.type === 'data' && event.kind === 'dashboard', event => {
				if (event.type === 'data' && event.kind === 'transition' && event.data.evaluation.metric === 'memory') seen.push(`${event.data.kind}:${event.data.to}`);
			});

		await collect();
		expect(seen).toEqual([]);
		// 32 MB into /dev/shm (tmpfs, charged to the container's memory cgroup): above warning.
		await exec(container, ['dd', 'if=/dev/zero', 'of=/dev/shm/fill', 'bs=1M', 'count=32']);
		await collect();
		expect(seen).toEqual(['alert:warning']);
		await exec(container, ['dd', 'if=/dev/zero', 'of=/dev/shm/fill2', 'bs=1M', 'count=32']);
		await collect();
		expect(seen).toEqual(['alert:warning', 'alert:critical']);
		await exec(container, ['rm', '/dev/shm/fill', '/dev/shm/fill2']);
		await collect();
		expect(seen).toEqual(['alert:warning', 'alert:critical', 'clear:ok']);
		await rounds.return({rounds: 4});
	});
});
