import type {Variant} from '../../project/discover.js';
import type {Flow, FlowEvent} from '../types.js';
import {type Dashboard, gatherDashboard} from './gather.js';
import {gateExitCode, type Level, transitions, type Transition} from './thresholds.js';

export type ReportInput = {smoke: boolean; failOn: 'critical' | 'warning'; variant?: Variant};

/** One report: measure, evaluate the thresholds, record it. Critical (or warning, when asked) fails the gate. */
/** The report's data events: the dashboard once measured. */
export type ReportEvents = {dashboard: Dashboard};

/** The watch's data events: each threshold crossed or cleared, and each round's dashboard. */
export type WatchEvents = ReportEvents & {transition: Transition & {at: string}};

export const reportFlow: Flow<ReportInput, Dashboard, ReportEvents> = async function* (context, input) {
	yield {type: 'step', id: 'measure', title: 'Measure the running stack', status: 'running'};
	const started = performance.now();
	const dashboard = await gatherDashboard(context, {smoke: input.smoke, variant: input.variant});
	yield {
		type: 'step',
		id: 'measure',
		title: 'Measure the running stack',
		status: dashboard.variant ? 'pass' : 'skip',
		summary: dashboard.variant ? `${dashboard.containers.length} containers of ${dashboard.projectName}` : dashboard.notes[0],
		durationMs: performance.now() - started,
	};
	yield {type: 'data', kind: 'dashboard', data: dashboard};
	if (dashboard.variant) {
		context.progress.append('report', {variant: dashboard.variant, level: dashboard.level, memoryTotal: dashboard.memoryTotal, evaluations: dashboard.evaluations});
	}

	const exitCode = gateExitCode(dashboard.evaluations, input.failOn);
	return {ok: exitCode === 0, exitCode, data: dashboard};
};

export type WatchInput = {intervalMs: number; smoke: boolean; variant?: Variant; count?: number};

/**
 * Re-evaluates at an interval and yields a `transition` each time a threshold is crossed and again
 * when it clears. Ends on the context's signal, or after `count` evaluations.
 */
export async function* watchThresholds(context: Parameters<typeof reportFlow>[0], input: WatchInput): AsyncGenerator<FlowEvent<WatchEvents>, {rounds: number}, void> {
	const levels = new Map<string, Level>();
	let rounds = 0;
	while (!context.signal.aborted && (input.count === undefined || rounds < input.count)) {
		const dashboard = await gatherDashboard(context, {smoke: input.smoke, variant: input.variant});
		rounds++;
		const changes: Transition[] = transitions(levels, dashboard.evaluations);
		for (const change of changes) {
			levels.set(change.key, change.to);
			yield {type: 'data', kind: 'transition', data: {...change, at: dashboard.at}};
		}

		yield {type: 'data', kind: 'dashboard', data: dashboard};
		if (input.count !== undefined && rounds >= input.count) break;
		await new Promise<void>(resolve => {
			const timer = setTimeout(resolve, input.intervalMs);
			context.signal.addEventListener('abort', () => {
				clearTimeout(timer);
				resolve();
			}, {once: true});
		});
	}

	return {rounds};
}
