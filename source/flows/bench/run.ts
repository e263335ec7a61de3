import {formatMB, formatMs} from '../../format.js';
import {variantLabel} from '../../project/discover.js';
import {engineOutcome} from '../engine.js';
import {ExitCode} from '../exit-code.js';
import {drain} from '../drain.js';
import {type Emit, runStep, type StepResult} from '../recorded-step.js';
import type {BaseEvent, Flow, FlowContext, FlowEvent} from '../types.js';
import {measureCapacity} from './capacity.js';
import {benchCompose, benchProjectNames, leftoverProjects, teardown} from './engine.js';
import {buildRows, recordedMetrics, summarizeTargets} from './metrics.js';
import {measureRound} from './round.js';
import {compareWithPrevious, type RecordedMetric} from './stats.js';
import type {BenchInput, BenchResult, BenchVariant, CapacityResult, VariantSample} from './types.js';

/**
 * The guide's Step 3 (Performance Comparison) and its KPIs, measured: regular and Alpine side by
 * side, N rounds alternating A B A B so machine drift hits both, each stack removed before the
 * next; optionally parallel capacity. Results go to the progress history and are compared with
 * the previous benchmark.
 */

export const defaultBudget = 4e9;
export const defaultMax = 12;

/** A B A B …: regular first in every round. */
export function alternate(runs: number): BenchVariant[] {
	return Array.from({length: runs}, () => ['regular', 'alpine'] as BenchVariant[]).flat();
}

type HistoryRecord = {at: string; metrics?: RecordedMetric[]};

function label(variant: BenchVariant): string {
	return variant === 'regular' ? variantLabel.regular : variantLabel.alpine;
}

function sampleSummary(sample: VariantSample): string {
	if (!sample.ok) return sample.error ?? 'failed';
	const parts = [
		`startup ${formatMs(sample.startupMs!)}`,
		`memory ${formatMB(sample.memoryBytes!)}`,
		sample.peakMemoryBytes === undefined ? undefined : `peak ${formatMB(sample.peakMemoryBytes)}`,
		`smoke ${formatMs(sample.smoke!.durationMs)} (${sample.smoke!.passed} passed)`,
		sample.buildMs === undefined ? undefined : `build ${formatMs(sample.buildMs)}`,
	];
	return parts.filter(Boolean).join(' · ');
}

async function* clearLeftovers(context: FlowContext): AsyncGenerator<BaseEvent, boolean> {
	const leftovers = leftoverProjects(context);
	if (leftovers.length === 0) return true;
	const items = leftovers.map(name => `compose project ${name}: its containers, networks and volumes (down -v)`);
	yield {type: 'message', level: 'warn', text: `An earlier benchmark left stacks behind: ${leftovers.join(', ')}`};
	const yes = await context.confirm({title: 'Remove the stacks an earlier benchmark left behind?', items, action: 'remove', destructive: true});
	if (!yes) {
		yield {type: 'message', level: 'error', text: 'Not removed: the benchmark needs them gone (answer yes, or pass --yes headless).'};
		return false;
	}

	for (const name of leftovers) await teardown(context, name, {removeImages: true});
	return true;
}

/** The benchmark's data events: each round's sample as it is measured, then the result. */
export type BenchEvents = {'bench.sample': VariantSample; 'bench.result': BenchResult};
type BenchEvent = FlowEvent<BenchEvents>;

export const benchFlow: Flow<BenchInput, BenchResult, BenchEvents> = async function* (context, input) {
	const {project, store, progress} = context;
	const runs = Math.max(0, Math.floor(input.runs));
	const names = benchProjectNames(project.name);
	const order = alternate(runs);
	const missing = (['regular', 'alpine'] as const).filter(variant => !project.compose[variant]);
	if (missing.length > 0) {
		return {ok: false, exitCode: ExitCode.usage, summary: `The project has no ${missing.join(' and ')} compose file: nothing to compare.`};
	}

	if (runs === 0 && !input.capacity) return {ok: false, exitCode: ExitCode.usage, summary: '--runs must be at least 1 (or use --capacity alone with --runs 0).'};
	const budget = input.budget ?? defaultBudget;
	const max = input.max ?? defaultMax;
	yield {
		type: 'message',
		level: 'info',
		text: `${runs} round(s), ${order.map(variant => (variant === 'regular' ? 'R' : 'A')).join(' ') || '(none)'}, as compose projects ${names.regular} and ${names.alpine}; host ports picked by the engine.${input.capacity ? ` Then parallel capacity under a ${formatMB(budget)} budget, at most ${max} copies each.` : ''}`,
	};
	if (context.dryRun) {
		const plan = [
			...(input.buildTime ? [] : [`build (cached): ${names.regular}, ${names.alpine}`]),
			...order.map((variant, index) => `run ${Math.floor(index / 2) + 1}: ${input.buildTime ? 'build --no-cache, ' : ''}up -d ${variant === 'regular' ? names.regular : names.alpine}, wait healthy, memory, smoke test, down -v`),
			...(input.capacity ? [`capacity: copies of ${project.name}-bench-cap-alpine-N and ${project.name}-bench-cap-regular-N, then down -v --rmi local each`] : []),
			`down -v --rmi local: ${names.regular}, ${names.alpine}`,
		];
		yield {type: 'step', id: 'bench.plan', title: 'Plan (dry run: nothing started)', status: 'skip', detail: plan};
		return {ok: true, summary: 'Dry run: nothing was started.'};
	}

	const unreachable = await engineOutcome<BenchResult>(context);
	if (unreachable) return unreachable;
	if (!(yield* clearLeftovers(context))) return {ok: false, summary: 'An earlier benchmark left stacks behind.'};

	// Each step through the one runner, not recorded in the progress store (the result is, at the end).
	const step = <T>(id: string, title: string, work: (emit: Emit<BenchEvent>) => Promise<StepResult<T>>) => runStep<T, BenchEvent>(id, title, work, {signal: context.signal});
	const interrupted = {ok: false, exitCode: ExitCode.interrupted, summary: 'Interrupted: the benchmark stacks were removed, nothing was recorded.'};
	const samples: VariantSample[] = [];
	let capacity: CapacityResult | undefined;
	try {
		if (runs > 0 && !input.buildTime) {
			const build = yield* step('bench.build', 'Build the images (from the build cache, not timed)', async () => {
				const failures: string[] = [];
				for (const variant of ['regular', 'alpine'] as const) {
					const compose = await benchCompose(context, variant, names[variant]);
					const built = await compose.build({signal: context.signal, onLine: line => void line});
					if (built.exitCode !== 0) failures.push(`${label(variant)}: exit ${built.exitCode}: ${built.stderr.trim().split('\n').slice(-3).join(' | ')}`);
				}

				return {status: failures.length > 0 ? 'fail' : 'pass', detail: failures};
			});
			if (context.signal.aborted) return interrupted;
			if (build.status !== 'pass') return {ok: false, summary: 'The images did not build.'};
		}

		for (const [index, variant] of order.entries()) {
			if (context.signal.aborted) break;
			const run = Math.floor(index / 2) + 1;
			const stepId = `bench.run.${run}.${variant}`;
			const title = `Run ${run}/${runs} · ${label(variant)}`;
			const round = yield* step(stepId, title, async emit => {
				const sample = await drain(measureRound(context, {run, variant, composeVariant: variant, projectName: names[variant], stepId, buildTime: input.buildTime}), emit);
				emit({type: 'data', kind: 'bench.sample', data: sample});
				return {status: sample.ok ? 'pass' : 'fail', summary: sampleSummary(sample), value: sample};
			});
			if (!round.value) return context.signal.aborted ? interrupted : {ok: false, summary: `${title}: ${round.summary ?? 'failed'}`};
			samples.push(round.value);
		}

		if (input.capacity && !context.signal.aborted) {
			capacity = {budget, max, variants: {}};
			const memory = store.getSnapshot().engine?.memoryBytes ?? 0;
			if (memory > 0 && memory < budget) yield {type: 'message', level: 'warn', text: `The engine has ${formatMB(memory)} of memory, less than the ${formatMB(budget)} budget.`};
			for (const variant of ['alpine', 'regular'] as const) {
				const stepId = `bench.capacity.${variant}`;
				const title = `Parallel capacity · ${variant === 'alpine' ? 'Alpine test stack' : 'regular stack'}`;
				const measured = yield* step(stepId, title, async emit => {
					const result = await drain(measureCapacity(context, {variant, budget, max, stepId}), emit);
					const perCopy = result.perCopyBytes === undefined ? '' : `, ${formatMB(result.perCopyBytes)} per copy`;
					const why = result.stoppedBy === 'budget' ? 'the next copy went over the budget' : result.stoppedBy === 'max' ? `--max ${max} reached` : result.error ?? 'a copy failed';
					return {status: result.copies > 0 ? (result.stoppedBy === 'failure' ? 'warn' : 'pass') : 'fail', summary: `${result.copies} side by side${perCopy} (stopped: ${why})`, value: result};
				});
				if (!measured.value) return context.signal.aborted ? interrupted : {ok: false, summary: `${title}: ${measured.summary ?? 'failed'}`};
				capacity.variants[variant] = measured.value;
			}
		}
	} finally {
		// The rounds' stacks are already down; this removes the images tagged after the bench projects.
		if (runs > 0) for (const variant of ['regular', 'alpine'] as const) await teardown(context, names[variant], {removeImages: true});
	}

	if (context.signal.aborted) return interrupted;

	const rows = buildRows(samples, {runs, smokeCommand: project.config.smoke?.command, capacity});
	const targets = summarizeTargets(rows, capacity);
	const previous = [...progress.history<HistoryRecord>('bench')].reverse().find(record => Array.isArray(record.metrics));
	const metrics = recordedMetrics(rows);
	const comparisons = previous ? compareWithPrevious(metrics, previous.metrics!) : [];
	const engine = store.getSnapshot().engine;
	const ok = samples.every(sample => sample.ok) && (runs === 0 || samples.length === order.length);
	const result: BenchResult = {
		project: project.name,
		at: new Date().toISOString(),
		runs,
		order,
		projectNames: names,
		compose: {regular: project.compose.regular!, alpine: project.compose.alpine!},
		smokeCommand: project.config.smoke?.command,
		engine: engine ? {version: engine.version, cpus: engine.cpus, memoryBytes: engine.memoryBytes, cgroupVersion: engine.cgroupVersion} : undefined,
		samples,
		rows,
		targets,
		capacity,
		previousAt: previous?.at,
		comparisons,
		regressions: comparisons.filter(comparison => comparison.regression),
		ok,
	};
	// Per variant, the headline spreads under plain names (what the monitoring report reads), then every row.
	const figures = (variant: BenchVariant) => {
		const of = (id: string) => rows.find(row => row.id === id)?.[variant] ?? null;
		return {startupMs: of('startup'), memoryBytes: of('memory'), peakMemoryBytes: of('memory.peak'), smokeMs: of('smoke'), imageBytes: of('footprint')};
	};

	progress.append('bench', {
		runs,
		order,
		ok,
		regular: figures('regular'),
		alpine: figures('alpine'),
		metrics,
		targets: targets.map(({id, value, pass}) => ({id, value: Number.isFinite(value) ? value : null, pass: pass ?? null})),
		capacity: capacity ? Object.values(capacity.variants).map(variant => ({variant: variant!.variant, copies: variant!.copies, stoppedBy: variant!.stoppedBy, perCopyBytes: variant!.perCopyBytes ?? null})) : null,
	});
	yield {type: 'data', kind: 'bench.result', data: result};
	const met = targets.filter(target => target.pass).length;
	const judged = targets.filter(target => target.pass !== undefined).length;
	return {
		ok,
		data: result,
		summary: ok ? `Benchmark recorded: ${met} of ${judged} measured targets met${result.regressions.length > 0 ? `, ${result.regressions.length} regression(s) against ${previous!.at}` : ''}.` : `Benchmark recorded with failed runs: ${samples.filter(sample => !sample.ok).length} of ${samples.length} failed.`,
	};
};
