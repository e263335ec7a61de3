/**
 * npm run bench rollout [-- --runs 3 --window 20]
 *
 * On a 3-node Swarm of this machine (scripts/swarm.sh), per run: the sample stack deployed
 * regular, then
 *   1. the manager idle: the CPU time of the manager node's dockerd and containerd (the processes
 *      of its pids cgroup, utime+stime from /proc) over --window seconds, nothing watching;
 *   2. alpinist watching: the same window while alpinist follows the stack as a rollout does
 *      (the manager's and nodes' event streams, re-reads on each event, a stats stream and the
 *      health log of every task, as during the canary's monitor period);
 *   3. the rollout itself: `alpinist rollout --yes --monitor 5s --delay 1s` timed from start to
 *      exit (monotonic clock), with the phases the flow times itself.
 * Printed as median with min–max over the runs, the extra manager CPU beside its idle figure.
 */
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {engineAt, SwarmClient} from '../source/docker/swarm-client.js';
import {compareTasks} from '../source/flows/rollout/compare.js';
import {variantByName} from '../source/flows/rollout/state.js';
import {StackWatch} from '../source/flows/rollout/watch.js';
import {startSwarm, type Swarm} from '../test/helpers/swarm.js';
import {formatSummary, parseOptions, summarize} from './bench/_stats.mjs';
import {buildSampleImages, deploySample, publishSample, removeStack, root, type SampleImages} from './swarm/sample.js';

const options = parseOptions(process.argv.slice(2), {runs: 3, window: 20});
const ticksPerSecond = 100;
const name = `alpinist-bench-rollout-${process.pid}`;

/** CPU ms of the manager node's engine: the processes of its cgroup `daemon` (dockerd, containerd), not its containers (`ctr`). */
function managerCpuMs(swarm: Swarm): number {
	const base = `/sys/fs/cgroup/pids/alpinist-swarm/${swarm.name}/node-1`;
	const file = existsSync(`${base}/daemon/cgroup.procs`) ? `${base}/daemon/cgroup.procs` : `${base}/cgroup.procs`;
	const procs = readFileSync(file, 'utf8').split('\n').filter(Boolean);
	if (procs.length === 0) throw new Error(`no process in ${file}: the manager's CPU cannot be measured`);
	let ticks = 0;
	for (const pid of procs) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks += Number(fields[11]) + Number(fields[12]);
		} catch {}
	}

	return (ticks / ticksPerSecond) * 1000;
}

async function window<T>(swarm: Swarm, seconds: number, during: () => Promise<() => Promise<T>>): Promise<{managerMsPerS: number; selfMsPerS: number; value: T}> {
	const stop = await during();
	const cpu0 = managerCpuMs(swarm);
	const self0 = process.cpuUsage();
	const t0 = performance.now();
	await new Promise(resolve => setTimeout(resolve, seconds * 1000));
	const elapsed = (performance.now() - t0) / 1000;
	const self = process.cpuUsage(self0);
	const managerMsPerS = (managerCpuMs(swarm) - cpu0) / elapsed;
	const value = await stop();
	return {managerMsPerS, selfMsPerS: (self.user + self.system) / 1000 / elapsed, value};
}

let swarm: Swarm | undefined;
let images: SampleImages | undefined;
try {
	process.stderr.write('bench rollout: building dist, starting a 3-node swarm, building and pushing the sample\n');
	await execa('npm', ['run', 'build', '--silent'], {cwd: root});
	swarm = await startSwarm({name, nodes: 3});
	images = await buildSampleImages(name);
	await publishSample(images, swarm.publish, 'sample');
	const s = swarm;
	const client = new SwarmClient(engineAt(s.manager));
	const engines = s.nodes.map(node => ({hostname: node.name, docker: engineAt(node.host)}));
	const results = {idle: [] as number[], watching: [] as number[], extra: [] as number[], self: [] as number[], rollout: [] as number[], canary: [] as number[], rest: [] as number[], events: [] as number[]};
	for (let run = 1; run <= options.runs; run++) {
		const stack = `bench${run}`;
		await deploySample({manager: s.manager, registry: s.registry, repo: 'sample', stack});
		// Let the deploy's own churn settle before the idle window.
		await new Promise(resolve => setTimeout(resolve, 5000));
		const idle = await window(s, options.window, async () => async () => undefined);
		const watching = await window(s, options.window, async () => {
			const watch = new StackWatch(client, stack, engines, variantByName);
			const state = await watch.start();
			const samplers = await Promise.all(
				state.services.map(async service => compareTasks(service.short, service.tasks.slice(0, 1), service.tasks.slice(1), new Map(engines.map(engine => [engine.hostname, engine.docker])))),
			);
			return async () => {
				await Promise.all(samplers.map(async sampler => sampler.stop()));
				watch.stop();
			};
		});
		const t0 = performance.now();
		const result = await execa('node', [path.join(root, 'dist/cli.js'), 'rollout', '--stack', stack, '--yes', '--monitor', '5s', '--delay', '1s', '--json'], {
			env: {DOCKER_HOST: s.manager, ALPINIST_SWARM_NODES: s.nodes.map(node => `${node.name}=${node.host}`).join(',')},
			reject: false,
		});
		const wall = performance.now() - t0;
		const document = JSON.parse(result.stdout);
		if (result.exitCode !== 0) throw new Error(`run ${run}: rollout exited ${result.exitCode}: ${document.summary}`);
		results.idle.push(idle.managerMsPerS);
		results.watching.push(watching.managerMsPerS);
		results.extra.push(watching.managerMsPerS - idle.managerMsPerS);
		results.self.push(watching.selfMsPerS);
		results.rollout.push(wall);
		results.canary.push(document.timings.canaryMs);
		results.rest.push(document.timings.restMs);
		results.events.push(document.events);
		process.stderr.write(`run ${run}: rollout ${(wall / 1000).toFixed(1)} s; manager ${idle.managerMsPerS.toFixed(1)} ms/s idle, ${watching.managerMsPerS.toFixed(1)} ms/s watched\n`);
		await removeStack(s.manager, stack);
	}

	const lines = [
		`Rollout of the sample (3 services × 3 replicas) across 3 nodes, alpinist rollout --yes --monitor 5s --delay 1s, ${options.runs} runs`,
		formatSummary('whole rollout (wall)', summarize(results.rollout.map(ms => ms / 1000)), 's'),
		formatSummary('  canary phase', summarize(results.canary.map(ms => ms / 1000)), 's'),
		formatSummary('  rest (Swarm update)', summarize(results.rest.map(ms => ms / 1000)), 's'),
		formatSummary('  engine events followed', summarize(results.events), 'ev'),
		`Manager CPU (the engine of node 1: dockerd + containerd, /proc utime+stime; ms of CPU per second, 10 ms/s = 1 % of a core), ${options.window} s windows`,
		formatSummary('manager idle', summarize(results.idle), 'ms/s'),
		formatSummary('manager, alpinist watching', summarize(results.watching), 'ms/s'),
		formatSummary('extra while watching', summarize(results.extra), 'ms/s'),
		formatSummary('alpinist itself watching', summarize(results.self), 'ms/s'),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
} finally {
	await swarm?.down().catch(error => process.stderr.write(`${(error as Error).message}\n`));
	await images?.remove();
}
