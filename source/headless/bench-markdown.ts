import {formatComparison, formatTargetSummary, methodLine, tableColumns, tableRows, unitOf} from '../flows/bench/cells.js';
import type {BenchResult} from '../flows/bench/types.js';
import {formatMB} from '../format.js';

/** Markdown cells: a pipe would end the cell, a newline the row. */
function cell(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * The benchmark as GitHub-flavoured Markdown for a CI job summary: the side-by-side table, the
 * line that says how it was measured, how each figure was measured, the guide's targets, the
 * capacity steps and the comparison with the previous benchmark.
 */
export function benchMarkdown(result: BenchResult): string {
	const lines: string[] = [];
	lines.push(`### Alpine vs regular: ${cell(result.project)}`, '');
	lines.push(`| ${tableColumns.join(' | ')} |`);
	lines.push(`| ${tableColumns.map(column => (column === 'Metric' ? ':---' : column === 'Result' ? ':---:' : '---:')).join(' | ')} |`);
	// A service row is indented under the total; Markdown collapses leading spaces, so indent with em spaces.
	const indent = (text: string) => text.replace(/^ +/, spaces => '&emsp;'.repeat(Math.ceil(spaces.length / 2)));
	for (const row of tableRows(result)) lines.push(`| ${tableColumns.map(column => indent(cell(row[column]))).join(' | ')} |`);
	lines.push('', `_${cell(methodLine(result))}_`, '');

	lines.push('<details><summary>How each figure was measured</summary>', '');
	for (const row of result.rows) if (!row.label.startsWith('  ')) lines.push(`- **${cell(row.label)}**: ${cell(row.method)}`);
	lines.push('', '</details>', '');

	lines.push('**Guide targets**', '');
	for (const target of result.targets) lines.push(`- ${cell(formatTargetSummary(target))}`);
	lines.push('');

	if (result.capacity) {
		lines.push(`**Parallel capacity** (budget ${formatMB(result.capacity.budget)}, at most ${result.capacity.max} copies)`, '');
		for (const variant of Object.values(result.capacity.variants)) {
			if (!variant) continue;
			const steps = variant.steps.map(step => `${step.copies}: ${Number.isFinite(step.totalBytes) ? formatMB(step.totalBytes) : 'failed'}`).join(', ');
			lines.push(`- ${variant.variant}: **${variant.copies}** side by side, stopped by ${variant.stoppedBy}${variant.error ? ` (${cell(variant.error)})` : ''}; summed memory after each copy: ${steps || '–'}`);
		}

		lines.push('');
	}

	if (result.previousAt) {
		const flagged = result.regressions;
		lines.push(`**Against the previous benchmark** (${result.previousAt}): ${flagged.length === 0 ? 'no regression' : `${flagged.length} regression(s)`}`, '');
		for (const comparison of flagged) lines.push(`- ${cell(formatComparison(comparison, unitOf(result, comparison.id)))}`);
		if (flagged.length > 0) lines.push('');
		lines.push('_A regression: a median more than 10 % worse than the previous median and outside the previous min–max spread._', '');
	}

	const failed = result.samples.filter(sample => !sample.ok);
	if (failed.length > 0) {
		lines.push('**Failed runs**', '');
		for (const sample of failed) lines.push(`- run ${sample.run} ${sample.variant}: ${cell(sample.error ?? 'failed')}`);
		lines.push('');
	}

	return `${lines.join('\n').trimEnd()}\n`;
}

/** The step summary is written by the output room, sanitised like every output. */
export {appendStepSummary} from './output.js';
