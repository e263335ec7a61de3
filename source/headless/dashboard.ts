import {formatBytes, formatMB, formatMs, formatPercent, stripControl} from '../format.js';
import {variantLabel} from '../project/discover.js';
import type {Dashboard} from '../flows/report/gather.js';
import {type Evaluation, metricTitles} from '../flows/report/thresholds.js';

/** The dashboard as plain lines (CI logs) and as Markdown (a CI job summary). */

export function formatMetricValue(evaluation: Pick<Evaluation, 'metric' | 'value'>): string {
	switch (evaluation.metric) {
		case 'startup': {
			return formatMs(evaluation.value);
		}

		case 'memory':
		case 'imageSize': {
			return formatMB(evaluation.value);
		}

		case 'testFailureRate': {
			return formatPercent(evaluation.value * 100);
		}
	}
}

const levelMark = {ok: '✓ ok', warning: '! warning', critical: '✗ critical'} as const;

export function evaluationLine(evaluation: Evaluation): string {
	const subject = evaluation.subject ? ` (${evaluation.subject})` : '';
	const limits = `warning ${formatMetricValue({...evaluation, value: evaluation.warning})}, critical ${formatMetricValue({...evaluation, value: evaluation.critical})}`;
	return `${levelMark[evaluation.level].padEnd(10)} ${metricTitles[evaluation.metric]}${subject}: ${formatMetricValue(evaluation)} [${limits}] — ${evaluation.method}`;
}

export function plainDashboard(dashboard: Dashboard): string[] {
	const lines = [`=== alpinist performance report — ${dashboard.at} ===`];
	if (!dashboard.variant) return [...lines, ...dashboard.notes];
	lines.push(`Variant: ${variantLabel[dashboard.variant]} (compose project ${dashboard.projectName})`, '', '=== Container status and resource usage ===');
	for (const container of dashboard.containers) {
		lines.push(
			`${stripControl(container.name).padEnd(32)} ${container.status.padEnd(22)} CPU ${formatPercent(container.cpuPercent).padStart(8)}  MEM ${formatBytes(container.memUsage).padStart(10)} / ${formatBytes(container.memLimit)}  NET ${formatBytes(container.netRx)} / ${formatBytes(container.netTx)}`,
		);
	}

	lines.push(`Total memory: ${formatMB(dashboard.memoryTotal)} (${formatBytes(dashboard.memoryTotal)})`, '', '=== Image sizes ===');
	for (const image of dashboard.images) lines.push(`${image.service.padEnd(16)} ${formatMB(image.bytes).padStart(10)}  ${image.image}`);
	if (dashboard.smoke) lines.push('', '=== Test performance ===', `Smoke test: ${formatMs(dashboard.smoke.durationMs)}, ${dashboard.smoke.passed} passed, ${dashboard.smoke.failed} failed (one run, monotonic clock)`);
	if (dashboard.efficiency) {
		const {reduction, baselineBytes, currentBytes, baselineSource} = dashboard.efficiency;
		lines.push('', `Memory efficiency: ${formatPercent(reduction * 100)} less than the regular baseline (${formatMB(currentBytes)} against ${formatMB(baselineBytes)}; 1 − current/baseline; baseline: ${baselineSource})`);
	}

	lines.push('', '=== Thresholds ===', ...dashboard.evaluations.map(evaluationLine));
	if (dashboard.notes.length > 0) lines.push('', ...dashboard.notes.map(note => `note: ${note}`));
	lines.push('', `Overall: ${dashboard.level}`);
	return lines;
}

const cell = (text: string) => stripControl(text.replace(/\n/g, ' ')).replace(/\|/g, '\\|');

export function markdownDashboard(dashboard: Dashboard): string {
	const lines = ['## Alpine container performance report', ''];
	if (!dashboard.variant) return [...lines, ...dashboard.notes.map(note => `> ${note}`), ''].join('\n');
	lines.push(`Variant **${variantLabel[dashboard.variant]}** (compose project \`${cell(dashboard.projectName ?? '')}\`), measured ${dashboard.at}.`, '');
	lines.push('| Container | Status | CPU % | Memory | Limit |', '| --- | --- | ---: | ---: | ---: |');
	for (const container of dashboard.containers) {
		lines.push(`| ${cell(container.name)} | ${cell(container.status)} | ${container.cpuPercent.toFixed(1)} | ${formatBytes(container.memUsage)} | ${formatBytes(container.memLimit)} |`);
	}

	lines.push(`| **Total** | | | **${formatBytes(dashboard.memoryTotal)}** | |`, '');
	lines.push('| Metric | Value | Warning | Critical | Level |', '| --- | ---: | ---: | ---: | --- |');
	for (const evaluation of dashboard.evaluations) {
		const subject = evaluation.subject ? ` (${cell(evaluation.subject)})` : '';
		lines.push(
			`| ${metricTitles[evaluation.metric]}${subject} | ${formatMetricValue(evaluation)} | ${formatMetricValue({...evaluation, value: evaluation.warning})} | ${formatMetricValue({...evaluation, value: evaluation.critical})} | ${levelMark[evaluation.level]} |`,
		);
	}

	lines.push('');
	if (dashboard.efficiency) {
		lines.push(`Memory efficiency: **${formatPercent(dashboard.efficiency.reduction * 100)}** less than the regular baseline (1 − current/baseline).`, '');
	}

	lines.push(`<sub>Method: ${cell(dashboard.evaluations.map(evaluation => `${metricTitles[evaluation.metric]}: ${evaluation.method}`).filter((v, i, all) => all.indexOf(v) === i).join('; '))}.</sub>`, '');
	for (const note of dashboard.notes) lines.push(`> ${cell(note)}`);
	return lines.join('\n') + '\n';
}
