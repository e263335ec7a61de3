import {formatComparison, formatTargetSummary, methodLine, tableColumns, tableRows, unitOf} from '../flows/bench/cells.js';
import type {BenchResult} from '../flows/bench/types.js';
import {formatMB} from '../format.js';
import {renderTextTable} from './text-table.js';

/** The benchmark for a terminal or a CI log: the table, how it was measured, the targets, the history. */
export function benchPlain(result: BenchResult): string[] {
	const lines: string[] = [''];
	const columns = tableColumns.map(key => (key === 'Metric' || key === 'Result' ? key : {key, align: 'right' as const}));
	lines.push(...renderTextTable(tableRows(result), {columns}));
	lines.push(methodLine(result), '', 'How each figure was measured:');
	for (const row of result.rows) if (!row.label.startsWith('  ')) lines.push(`  ${row.label}: ${row.method}`);
	lines.push('', "The guide's targets:");
	for (const target of result.targets) lines.push(`  ${formatTargetSummary(target)}`);
	if (result.capacity) {
		lines.push('', `Parallel capacity (budget ${formatMB(result.capacity.budget)}, at most ${result.capacity.max} copies):`);
		for (const variant of Object.values(result.capacity.variants)) {
			if (!variant) continue;
			const steps = variant.steps.map(step => `${step.copies}→${Number.isFinite(step.totalBytes) ? formatMB(step.totalBytes) : 'failed'}`).join(', ');
			lines.push(`  ${variant.variant}: ${variant.copies} side by side (stopped by ${variant.stoppedBy}${variant.error ? `: ${variant.error}` : ''}); summed memory: ${steps || '–'}`);
		}
	}

	if (result.previousAt) {
		lines.push('', `Against the previous benchmark (${result.previousAt}): ${result.regressions.length === 0 ? 'no regression' : `${result.regressions.length} regression(s)`} (a regression: median > 10 % worse and outside the previous min–max)`);
		for (const comparison of result.comparisons) lines.push(`  ${formatComparison(comparison, unitOf(result, comparison.id))}`);
	}

	return lines;
}
