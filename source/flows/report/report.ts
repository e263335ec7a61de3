import type {Variant} from '../../project/discover.js';
import {ExitCode} from '../exit-code.js';
import {runStep} from '../recorded-step.js';
import type {Flow, FlowEvent} from '../types.js';
import {type Dashboard, gatherDashboard} from './gather.js';
import {gateExitCode, type Level, transitions, type Transition} from './thresholds.js';

export type ReportInput = {smoke: boolean; failOn: 'critical' | 'warning'; variant?: Variant};

/** The report's data events: the dashboard once measured. */
export type ReportEvents = {dashboard: Dashboard};

/** The watch's data events: each threshold crossed or cleared, and each round's dashboard. */
export type WatchEvents = ReportEvents & {transition: Transition & {at: string}};

/** One report: measure, evaluate the thresholds, record it. Critical (or warning, when asked) fails the gate. */
export const reportFlow: Flow<ReportInput, Dashboard, ReportEvents> = async function* (context, input) {
	const measured = yield* runStep<Dashboard>(
		'measure',
		'Measure the running stack',
		async () => {
			const dashboard = await gatherDashboard(context, {smoke: input.smoke, variant: input.variant});
			return {status: dashboard.variant ? 'pass' : 'skip', summary: dashboard.variant ? `${dashboard.containers.length} containers of ${dashboard.projectName}` : dashboard.notes[0], value: dashboard};
		},
		{signal: context.signal},
	);
	const dashboard = measured.value;
	if (!dashboard) return {ok: false, exitCode: measured.status === 'interrupted' ? ExitCode.interrupted : ExitCode.failed, summary: `The stack could not be measured: ${measured.summary ?? 'no dashboard'}.`};
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
