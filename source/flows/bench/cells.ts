import {formatPercent} from '../../format.js';
import {type Comparison, guideTargets, type Spread} from './stats.js';
import type {BenchResult, MetricRow, TargetSummary, Unit} from './types.js';

/** The table's text, shared by the screen, the plain report and the Markdown summary. */

type Scale = {divisor: number; digits: number; suffix: string};

/** One scale for a figure and its spread, chosen by the median: "6.20 s (6.10–6.30)", "82.0 MB". */
function scaleFor(value: number, unit: Unit): Scale {
	if (unit === 'bytes') return {divisor: 1e6, digits: value >= 100e6 ? 0 : 1, suffix: ' MB'};
	if (unit === 'ms') {
		if (value < 1000) return {divisor: 1, digits: 0, suffix: ' ms'};
		if (value < 60_000) return {divisor: 1000, digits: 2, suffix: ' s'};
		return {divisor: 1000, digits: 0, suffix: ' s'};
	}

	return {divisor: 1, digits: Number.isInteger(value) ? 0 : 2, suffix: ''};
}

function scaled(value: number, scale: Scale): string {
	return Number.isFinite(value) ? (value / scale.divisor).toFixed(scale.digits) : '–';
}

/** A figure in decimal MB (the guide's unit), ms or s, or a count. */
export function formatValue(value: number, unit: Unit): string {
	if (!Number.isFinite(value)) return '–';
	const scale = scaleFor(value, unit);
	return `${scaled(value, scale)}${scale.suffix}`;
}

/** "median (min–max)" in the median's unit, or the value alone when every run measured the same (or there was one run). */
export function formatSpread(value: Spread | undefined, unit: Unit): string {
	if (!value) return '–';
	const scale = scaleFor(value.median, unit);
	const middle = `${scaled(value.median, scale)}${scale.suffix}`;
	const low = scaled(value.min, scale);
	const high = scaled(value.max, scale);
	if (value.n === 1 || low === high) return middle;
	return `${middle} (${low}–${high})`;
}

export function formatChange(row: Pick<MetricRow, 'change'>): string {
	const change = row.change;
	if (!change || !Number.isFinite(change.value)) return '–';
	if (change.kind === 'reduction') {
		const percent = formatPercent(Math.abs(change.value) * 100);
		return change.value >= 0 ? `${percent} less` : `${percent} more`;
	}

	const factor = `${change.value.toFixed(2)}×`;
	if (change.kind === 'speedup') return change.value >= 1 ? `${factor} faster` : `${factor} (slower)`;
	return `${factor} as many`;
}

export function formatTarget(row: Pick<MetricRow, 'target'>): string {
	return row.target ? row.target.label : '';
}

export function formatVerdict(row: Pick<MetricRow, 'target'>): string {
	if (!row.target) return '';
	return row.target.pass ? '✓ pass' : '✗ fail';
}

export type TableRow = {Metric: string; Regular: string; Alpine: string; Change: string; Target: string; Result: string};

export const tableColumns = ['Metric', 'Regular', 'Alpine', 'Change', 'Target', 'Result'] as const;

export function tableRows(result: Pick<BenchResult, 'rows'>): TableRow[] {
	return result.rows.map(row => ({
		Metric: row.label,
		Regular: formatSpread(row.regular, row.unit),
		Alpine: formatSpread(row.alpine, row.unit),
		Change: formatChange(row),
		Target: formatTarget(row),
		Result: formatVerdict(row),
	}));
}

/** "5 runs: median (min–max)" — the line under the table that says how the cells read. */
export function methodLine(result: Pick<BenchResult, 'runs' | 'order' | 'engine'>): string {
	const engine = result.engine ? ` Engine ${result.engine.version}, ${result.engine.cpus} CPUs, cgroup v${result.engine.cgroupVersion}.` : '';
	if (result.runs === 0) return `Parallel capacity only (no rounds).${engine}`;
	return `${result.runs} run(s) per variant in the order ${result.order.map(variant => (variant === 'regular' ? 'R' : 'A')).join(' ')} (R regular, A Alpine), each stack removed before the next. Cells: median (min–max) over the runs; a single figure when all runs agree. Change compares the medians: reduction = 1 − Alpine/regular, speed-up = regular/Alpine.${engine}`;
}

/** "✓ Memory 50 % less: measured 50.0 % (1 − alpine/regular ≥ 50 %) — met". */
export function formatTargetSummary(target: TargetSummary): string {
	const verdict = target.pass === undefined ? '·' : target.pass ? '✓' : '✗';
	const kind = guideTargets[target.id].kind;
	const measured = target.value === undefined || !Number.isFinite(target.value) ? undefined : formatChange({change: {kind, value: target.value}});
	const outcome = target.note ?? (target.pass === undefined ? '' : target.pass ? 'met' : 'not met');
	return `${verdict} ${target.name} ${target.label}${target.figure ? ` (${target.figure})` : ''}: ${measured ? `measured ${measured} ` : ''}(${target.formula})${outcome ? ` — ${outcome}` : ''}`;
}

export function formatComparison(comparison: Comparison, unit: Unit): string {
	const direction = Number.isFinite(comparison.delta) ? `${comparison.delta >= 0 ? '+' : '−'}${formatPercent(Math.abs(comparison.delta) * 100)}` : '–';
	return `${comparison.label} (${comparison.variant}): ${formatValue(comparison.previous.median, unit)} → ${formatValue(comparison.current.median, unit)} (${direction})${comparison.regression ? ' REGRESSION' : ''}`;
}

export function unitOf(result: Pick<BenchResult, 'rows'>, id: string): Unit {
	return result.rows.find(row => row.id === id)?.unit ?? 'count';
}
