import {computeStats, type RawStats} from '../../docker/stats.js';
import type {ContainerInfo} from '../../docker/types.js';
import type {Variant} from '../../project/discover.js';
import {healthEndpoints, imageSizes, type ImageSize, projectContainers, runSmoke} from '../stack.js';
import type {FlowContext} from '../types.js';
import {evaluate, type Evaluation, worst, type Level} from './thresholds.js';

/** The guide's performance dashboard, measured now from the engine (and the progress store for history). */

export type ContainerUsage = {
	name: string;
	service?: string;
	state: string;
	health: string;
	status: string;
	cpuPercent: number;
	memUsage: number;
	memLimit: number;
	netRx: number;
	netTx: number;
};

export type Dashboard = {
	at: string;
	variant: Variant | null;
	projectName: string | null;
	containers: ContainerUsage[];
	memoryTotal: number;
	images: ImageSize[];
	smoke?: {durationMs: number; passed: number; failed: number; exitCode: number};
	startup?: {ms: number; at: string; source: string};
	efficiency?: {baselineBytes: number; baselineSource: string; currentBytes: number; reduction: number};
	evaluations: Evaluation[];
	level: Level;
	notes: string[];
};

export const statsMethod = 'docker stats formulas, one engine sample per container (CPU over the engine\'s 1 s window; memory without page cache)';

/** The variant to report on: the Alpine ones first, as the guide's dashboard greps for alpine. */
export function reportedVariant(context: FlowContext, containersOf: (variant: Variant) => ContainerInfo[]): Variant | null {
	for (const variant of ['alpine', 'alpineTest', 'regular'] as Variant[]) {
		if (containersOf(variant).some(container => container.state === 'running')) return variant;
	}

	return null;
}

async function usageOf(context: FlowContext, container: ContainerInfo): Promise<ContainerUsage> {
	const base = {name: container.name, service: container.service, state: container.state, health: container.health, status: container.status};
	if (container.state !== 'running') return {...base, cpuPercent: 0, memUsage: 0, memLimit: 0, netRx: 0, netTx: 0};
	const raw = (await context.docker.getContainer(container.id).stats({stream: false})) as unknown as RawStats;
	const stats = computeStats(raw);
	return {...base, cpuPercent: stats.cpuPercent, memUsage: stats.memUsage, memLimit: stats.memLimit, netRx: stats.netRx, netTx: stats.netTx};
}

/** The last startup time a flow measured (verify or bench), with where it came from. */
function lastStartup(context: FlowContext, variant: Variant): Dashboard['startup'] {
	const candidates: Array<{ms: number; at: string; source: string}> = [];
	const verify = context.progress.step('migrate.verify');
	const verifyMs = (verify?.data as any)?.startupMs;
	if (typeof verifyMs === 'number' && variant !== 'regular') candidates.push({ms: verifyMs, at: verify!.at, source: 'alpinist migrate (up → all healthy, one run)'});
	const bench = context.progress.history<any>('bench').at(-1);
	const benchKey = variant === 'regular' ? 'regular' : 'alpine';
	const benchMs = bench?.summary?.[benchKey]?.startupMs?.median ?? bench?.[benchKey]?.startupMs?.median;
	if (typeof benchMs === 'number') candidates.push({ms: benchMs, at: bench.at, source: `alpinist bench (median of ${bench.runs ?? '?'} runs)`});
	return candidates.sort((a, b) => b.at.localeCompare(a.at))[0];
}

export async function gatherDashboard(context: FlowContext, options: {smoke: boolean; variant?: Variant}): Promise<Dashboard> {
	const {project, progress, store} = context;
	await store.start();
	const snapshot = store.getSnapshot();
	const containersOf = (variant: Variant) => projectContainers(snapshot, project.projectNames[variant]);
	const variant = options.variant ?? reportedVariant(context, containersOf);
	const notes: string[] = [];
	const thresholds = project.config.thresholds;
	const at = new Date().toISOString();
	if (!variant) {
		notes.push(`Nothing of ${project.name} is running: start a variant (alpinist up --alpine) to measure it.`);
		return {at, variant: null, projectName: null, containers: [], memoryTotal: 0, images: [], evaluations: [], level: 'ok', notes};
	}

	const containers = containersOf(variant);
	const running = containers.filter(container => container.state === 'running');
	const [usage, images] = await Promise.all([Promise.all(containers.map(container => usageOf(context, container))), imageSizes(context, running)]);
	const memoryTotal = usage.reduce((sum, entry) => sum + entry.memUsage, 0);
	const evaluations: Evaluation[] = [evaluate('memory', memoryTotal, thresholds, `sum over ${running.length} containers; ${statsMethod}`)];
	for (const image of images) evaluations.push(evaluate('imageSize', image.bytes, thresholds, 'image size as the engine reports it', image.service));

	let smoke: Dashboard['smoke'];
	if (options.smoke) {
		const result = await runSmoke(context, await healthEndpoints(context, running));
		if (result) {
			smoke = {durationMs: result.durationMs, passed: result.passed, failed: result.failed, exitCode: result.exitCode};
			const total = result.passed + result.failed;
			const rate = total > 0 ? result.failed / total : result.exitCode === 0 ? 0 : 1;
			evaluations.push(evaluate('testFailureRate', rate, thresholds, `smoke test: ${result.failed} of ${total} failed (one run)`));
		} else {
			notes.push('No smoke command in the project config (smoke.command): test duration and failure rate not measured.');
		}
	}

	const startup = lastStartup(context, variant);
	if (startup) evaluations.push(evaluate('startup', startup.ms, thresholds, `${startup.source}, measured ${startup.at}`));
	else notes.push('No startup time recorded yet: run `alpinist migrate` or `alpinist bench`.');

	let efficiency: Dashboard['efficiency'];
	const recorded = progress.get().baselines['memory.regular'];
	const bench = progress.history<any>('bench').at(-1);
	const benchMemory = bench?.regular?.memoryBytes?.median;
	// The regular stack's own measured memory: the checklist's baseline, else the last benchmark's median.
	const baseline = recorded
		? {value: recorded.value, source: `${recorded.method}, ${recorded.at}`}
		: typeof benchMemory === 'number'
			? {value: benchMemory, source: `alpinist bench, median of ${bench.runs} runs, ${bench.at}`}
			: undefined;
	if (variant !== 'regular' && baseline && baseline.value > 0) {
		efficiency = {baselineBytes: baseline.value, baselineSource: baseline.source, currentBytes: memoryTotal, reduction: 1 - memoryTotal / baseline.value};
	} else if (variant !== 'regular') {
		notes.push('No regular memory baseline recorded: run `alpinist check` while the regular stack runs, or `alpinist bench` (memory efficiency is measured against it, not a fixed 1536 MB).');
	}

	return {at, variant, projectName: project.projectNames[variant], containers: usage, memoryTotal, images, smoke, startup, efficiency, evaluations, level: worst(evaluations), notes};
}
