import type {Thresholds} from '../../project/config.js';

/** The guide's alerting thresholds, evaluated on every report and benchmark. */

export type Level = 'ok' | 'warning' | 'critical';
export type MetricId = keyof Thresholds;

export type Evaluation = {
	metric: MetricId;
	/** What was measured, in the metric's base unit (ms, bytes, ratio 0–1). */
	value: number;
	level: Level;
	warning: number;
	critical: number;
	/** How the value was measured, and when. */
	method: string;
	subject?: string;
};

export const metricTitles: Record<MetricId, string> = {
	startup: 'Container startup time',
	memory: 'Memory usage',
	testFailureRate: 'Test failure rate',
	imageSize: 'Image size',
};

/** A value at or above a level's threshold is at that level. */
export function levelOf(value: number, levels: {warning: number; critical: number}): Level {
	if (value >= levels.critical) return 'critical';
	if (value >= levels.warning) return 'warning';
	return 'ok';
}

export function evaluate(metric: MetricId, value: number, thresholds: Thresholds, method: string, subject?: string): Evaluation {
	const levels = thresholds[metric];
	return {metric, value, level: levelOf(value, levels), warning: levels.warning, critical: levels.critical, method, subject};
}

export function worst(evaluations: Evaluation[]): Level {
	if (evaluations.some(evaluation => evaluation.level === 'critical')) return 'critical';
	if (evaluations.some(evaluation => evaluation.level === 'warning')) return 'warning';
	return 'ok';
}

/** The exit code of a CI gate: critical fails; warnings fail too when asked (as dive's CI rules do). */
export function gateExitCode(evaluations: Evaluation[], failOn: 'critical' | 'warning'): number {
	const level = worst(evaluations);
	if (level === 'critical') return 1;
	if (level === 'warning' && failOn === 'warning') return 1;
	return 0;
}

export type Transition = {key: string; from: Level; to: Level; evaluation: Evaluation; kind: 'alert' | 'clear' | 'change'};

/**
 * Watch mode: compares two evaluations of the same metrics. An alert when a metric goes up a
 * level, a clear when it goes back to ok, a change when it steps down but stays above ok.
 */
export function transitions(previous: Map<string, Level>, current: Evaluation[]): Transition[] {
	const rank: Record<Level, number> = {ok: 0, warning: 1, critical: 2};
	const result: Transition[] = [];
	for (const evaluation of current) {
		const key = `${evaluation.metric}${evaluation.subject ? `:${evaluation.subject}` : ''}`;
		const from = previous.get(key) ?? 'ok';
		const to = evaluation.level;
		if (from === to) continue;
		const kind = rank[to] > rank[from] ? 'alert' : to === 'ok' ? 'clear' : 'change';
		result.push({key, from, to, evaluation, kind});
	}

	return result;
}
