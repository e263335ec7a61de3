import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {appendStepSummary, benchMarkdown} from '../../source/headless/bench-markdown.js';
import {benchPlain} from '../../source/headless/bench-plain.js';
import {renderTextTable} from '../../source/headless/text-table.js';
import {result, sample, samples} from '../fixtures/bench.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'alpinist-bench-md-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

describe('benchMarkdown', () => {
	const markdown = benchMarkdown(result());
	const lines = markdown.split('\n');

	it('is a GitHub table with one row per figure and the method line under it', () => {
		const header = lines.findIndex(line => line.startsWith('| Metric |'));
		expect(lines[header]).toBe('| Metric | Regular | Alpine | Change | Target | Result |');
		expect(lines[header + 1]).toBe('| :--- | ---: | ---: | ---: | ---: | :---: |');
		const rows = lines.slice(header + 2).filter(line => line.startsWith('|'));
		expect(rows).toHaveLength(result().rows.length);
		for (const row of rows) expect(row.split(' | ')).toHaveLength(6);
		expect(lines[header + 2 + rows.length + 1]).toMatch(/^_3 run\(s\) per variant in the order R A R A R A/);
	});

	it('indents the per-service rows in a way Markdown keeps', () => {
		expect(markdown).toContain('| &emsp;auth | 80.0 MB | 3.0 MB |');
	});

	it('lists the targets and how each figure was measured', () => {
		expect(markdown).toContain("- ✓ Image size 78 % smaller (held against the backend image's size as docker images shows it): measured 96.1 % less");
		expect(markdown).toContain('- ✗ Startup 3× faster');
		expect(markdown).toContain('**Startup**: from `compose up -d`');
	});

	it('escapes a pipe in a cell and lists failed runs', () => {
		const broken = result([...samples(2), sample('alpine', 3, {ok: false, error: 'a | b'})]);
		const text = benchMarkdown(broken);
		expect(text).toContain('- run 3 alpine: a \\| b');
	});

	it('is appended to $GITHUB_STEP_SUMMARY when set, and not written otherwise', () => {
		const file = path.join(tmp, 'summary.md');
		expect(appendStepSummary('first\n', {GITHUB_STEP_SUMMARY: file})).toBe(file);
		expect(appendStepSummary('second\n', {GITHUB_STEP_SUMMARY: file})).toBe(file);
		expect(readFileSync(file, 'utf8')).toBe('first\n\nsecond\n\n');
		expect(appendStepSummary('x', {})).toBeUndefined();
	});
});

describe('plain output', () => {
	it('draws the table with aligned columns', () => {
		const table = renderTextTable([{a: 'x', b: '10'}, {a: 'long', b: '2'}], {columns: ['a', {key: 'b', align: 'right'}]});
		expect(table).toEqual(['┌──────┬────┐', '│ a    │  b │', '├──────┼────┤', '│ x    │ 10 │', '│ long │  2 │', '└──────┴────┘']);
	});

	it('prints the table, the methods and the targets', () => {
		const text = benchPlain(result()).join('\n');
		expect(text).toContain('│ Metric');
		expect(text).toContain('How each figure was measured:');
		expect(text).toContain("The guide's targets:");
	});
});
