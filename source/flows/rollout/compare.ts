import type Dockerode from 'dockerode';
import {onLines} from '../../docker/events.js';
import {computeStats, cpuCounters, type RawStats} from '../../docker/stats.js';
import {stripControl} from '../../format.js';
import type {TaskState} from './state.js';

/**
 * The canary against the regular tasks of its service over the monitor period: CPU and memory
 * from each task's node engine (the stats stream, the Docker CLI's formulas), and the answers of
 * the health endpoint from the engine's health-check log (exit code, output, time taken). A task
 * whose node's engine alpinist cannot reach has no figures, and the comparison says so.
 */

export type Figures = {
	task: string;
	node: string;
	role: 'canary' | 'regular';
	/** Stats samples taken (one a second from the engine). */
	samples: number;
	cpuPercent?: number;
	memBytes?: number;
	probes: number;
	probeFailures: number;
	probeMeanMs?: number;
	lastProbe?: {exitCode: number; output: string};
	/** Why there are no figures, when there are none. */
	missing?: string;
};

export type Comparison = {
	service: string;
	canary: Figures[];
	regular: Figures[];
	/** Medians over the tasks that had figures. */
	canaryCpu?: number;
	regularCpu?: number;
	canaryMem?: number;
	regularMem?: number;
	canaryProbeMs?: number;
	regularProbeMs?: number;
	/** Which figures it had: "CPU/memory of 1 canary and 2 regular tasks (engines of manager, worker-1)". */
	had: string;
};

type Sampler = {stop: () => Figures};

function median(values: number[]): number | undefined {
	if (values.length === 0) return undefined;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function startSampler(docker: Dockerode | undefined, task: TaskState, role: 'canary' | 'regular'): Promise<{stop: () => Promise<Figures>}> {
	const base = {task: task.id, node: task.node, role, samples: 0, probes: 0, probeFailures: 0};
	if (!docker || !task.containerId) {
		const missing = docker ? 'no container yet' : `the engine of ${task.node} is not reachable from here`;
		return {stop: async () => ({...base, missing})};
	}

	const cpu: number[] = [];
	const mem: number[] = [];
	let previous: {cpu: number; system: number} | undefined;
	let stream: (NodeJS.ReadableStream & {destroy?: () => void}) | undefined;
	try {
		stream = (await docker.getContainer(task.containerId).stats({stream: true})) as any;
		onLines(stream!, line => {
			let sample: RawStats;
			try {
				sample = JSON.parse(line) as RawStats;
			} catch {
				return;
			}

			const stats = computeStats(sample, previous);
			if (previous) cpu.push(stats.cpuPercent);
			mem.push(stats.memUsage);
			previous = cpuCounters(sample);
		});
		stream!.on('error', () => {});
	} catch {}

	return {
		async stop() {
			stream?.removeAllListeners('data');
			stream?.destroy?.();
			const figures: Figures = {...base, samples: mem.length, cpuPercent: median(cpu), memBytes: median(mem)};
			try {
				const inspect: any = await docker.getContainer(task.containerId!).inspect();
				const log: any[] = inspect.State?.Health?.Log ?? [];
				figures.probes = log.length;
				figures.probeFailures = log.filter(entry => entry.ExitCode !== 0).length;
				const durations = log.map(entry => Date.parse(entry.End) - Date.parse(entry.Start)).filter(ms => Number.isFinite(ms) && ms >= 0);
				figures.probeMeanMs = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : undefined;
				const last = log.at(-1);
				if (last) figures.lastProbe = {exitCode: Number(last.ExitCode), output: stripControl(String(last.Output ?? '')).trim().slice(0, 300)};
			} catch (error) {
				figures.missing = `inspect failed: ${(error as Error).message}`;
			}

			if (mem.length === 0 && !figures.missing) figures.missing = 'the engine sent no stats';
			return figures;
		},
	};
}

/** Starts sampling the canary tasks and up to `regularCount` regular ones; `stop` gives the comparison. */
export async function compareTasks(
	service: string,
	canary: TaskState[],
	regular: TaskState[],
	engines: Map<string, Dockerode>,
	regularCount = 3,
): Promise<{stop: () => Promise<Comparison>}> {
	// Prefer regular tasks whose engine is reachable: they are the ones with figures.
	const chosen = [...regular].sort((a, b) => Number(engines.has(b.node)) - Number(engines.has(a.node))).slice(0, regularCount);
	const samplers = await Promise.all([
		...canary.map(async task => startSampler(engines.get(task.node), task, 'canary')),
		...chosen.map(async task => startSampler(engines.get(task.node), task, 'regular')),
	]);
	return {
		async stop() {
			const figures = await Promise.all(samplers.map(async sampler => sampler.stop()));
			return summarize(service, figures);
		},
	};
}

export function summarize(service: string, figures: Figures[]): Comparison {
	const canary = figures.filter(entry => entry.role === 'canary');
	const regular = figures.filter(entry => entry.role === 'regular');
	const pick = (list: Figures[], key: 'cpuPercent' | 'memBytes' | 'probeMeanMs') => median(list.map(entry => entry[key]).filter((value): value is number => value !== undefined));
	const withStats = (list: Figures[]) => list.filter(entry => entry.samples > 0);
	const nodes = [...new Set(figures.filter(entry => entry.samples > 0).map(entry => entry.node))];
	const missing = figures.filter(entry => entry.missing).map(entry => `${entry.role} task ${entry.task.slice(0, 12)} on ${entry.node}: ${entry.missing}`);
	const had = [
		`CPU/memory of ${withStats(canary).length}/${canary.length} canary and ${withStats(regular).length}/${regular.length} regular tasks${nodes.length ? ` (engines of ${nodes.join(', ')})` : ''}`,
		...missing,
	].join('; ');
	return {
		service,
		canary,
		regular,
		canaryCpu: pick(canary, 'cpuPercent'),
		regularCpu: pick(regular, 'cpuPercent'),
		canaryMem: pick(canary, 'memBytes'),
		regularMem: pick(regular, 'memBytes'),
		canaryProbeMs: pick(canary, 'probeMeanMs'),
		regularProbeMs: pick(regular, 'probeMeanMs'),
		had,
	};
}
