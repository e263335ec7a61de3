import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import type {Dashboard} from '../../source/flows/report/gather.js';
import {markdownDashboard, plainDashboard} from '../../source/headless/dashboard.js';
import {evaluate} from '../../source/flows/report/thresholds.js';
import {workflowFor} from '../../source/flows/report/workflow.js';
import {parseConfig} from '../../source/project/config.js';
import {discoverProject} from '../../source/project/discover.js';

const {thresholds} = parseConfig({});

const dashboard: Dashboard = {
	at: '2026-11-28T08:00:00.000Z',
	variant: 'alpine',
	projectName: 'sample-alpine',
	containers: [
		{name: 'sample-alpine_backend_1', service: 'backend', state: 'running', health: 'healthy', status: 'Up (healthy)', cpuPercent: 0.4, memUsage: 3.2e6, memLimit: 256 * 1024 ** 2, netRx: 1000, netTx: 2000},
		{name: 'evil|name\u001b[31m', service: 'auth', state: 'running', health: 'healthy', status: 'Up (healthy)', cpuPercent: 0, memUsage: 1e6, memLimit: 0, netRx: 0, netTx: 0},
	],
	memoryTotal: 4.2e6,
	images: [{service: 'backend', image: 'sample-alpine_backend', id: 'sha256:1', bytes: 4.1e6}],
	smoke: {durationMs: 812.4, passed: 5, failed: 0, exitCode: 0},
	efficiency: {baselineBytes: 8.4e6, baselineSource: 'checklist', currentBytes: 4.2e6, reduction: 0.5},
	evaluations: [
		evaluate('memory', 4.2e6, thresholds, 'sum over 2 containers'),
		evaluate('imageSize', 600e6, thresholds, 'engine size', 'backend'),
		evaluate('testFailureRate', 0, thresholds, 'smoke test'),
	],
	level: 'critical',
	notes: ['a note'],
};

describe('the report as Markdown', () => {
	const markdown = markdownDashboard(dashboard);
	const tables = markdown.split('\n\n').filter(block => block.startsWith('|'));

	it('has a container table and a thresholds table, each with a header, a separator and one row per item', () => {
		expect(tables).toHaveLength(2);
		const containerRows = tables[0].trim().split('\n');
		expect(containerRows[0]).toBe('| Container | Status | CPU % | Memory | Limit |');
		expect(containerRows[1]).toMatch(/^\| ---( \| -{3}:?){4} \|$/);
		expect(containerRows).toHaveLength(2 + dashboard.containers.length + 1);
		const thresholdRows = tables[1].trim().split('\n');
		expect(thresholdRows).toHaveLength(2 + dashboard.evaluations.length);
		const columns = (row: string) => row.split(/(?<!\\)\|/).length - 2;
		for (const row of [...containerRows, ...thresholdRows]) expect(columns(row)).toBe(5);
	});

	it('escapes pipes and drops control sequences so a container name cannot break the table', () => {
		expect(markdown).toContain('evil\\|name |');
		expect(markdown).not.toContain('\u001b');
	});

	it('reports the efficiency as 1 − current/baseline and the levels', () => {
		expect(markdown).toContain('**50.0 %** less than the regular baseline');
		expect(markdown).toMatch(/\| Image size \(backend\) \| 600\.0 MB \| 250\.0 MB \| 500\.0 MB \| ✗ critical \|/);
	});

	it('says how each figure was measured in plain mode', () => {
		const lines = plainDashboard(dashboard);
		expect(lines).toContain('Overall: critical');
		expect(lines.some(line => line.includes('Memory usage: 4.2 MB') && line.includes('sum over 2 containers'))).toBe(true);
	});
});

describe('ci init', () => {
	it('writes a workflow that parses as YAML and names the right commands', () => {
		const project = discoverProject();
		const text = workflowFor(project, {suites: ['smoke', 'unit'], nodeVersion: '20', failOn: 'warning'});
		const workflow = parse(text);
		const job = workflow.jobs.test;
		expect(job.strategy.matrix['test-suite']).toEqual(['smoke', 'unit']);
		const runs: string[] = job.steps.map((step: any) => step.run).filter(Boolean);
		expect(runs).toEqual(
			expect.arrayContaining([
				'npx alpinist check',
				'npx alpinist migrate --yes',
				'npx alpinist verify',
				'npx alpinist report --markdown --fail-on warning',
				'npx alpinist down --alpine --yes',
			]),
		);
		expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request']);
		expect(text).toMatch(/a critical value fails the job, and so does a warning/);
	});
});
