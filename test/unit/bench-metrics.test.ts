import {describe, expect, it} from 'vitest';
import {formatChange, formatSpread, formatTargetSummary, tableRows} from '../../source/flows/bench/cells.js';
import {buildRows, distinctImageBytes, recordedMetrics, summarizeTargets} from '../../source/flows/bench/metrics.js';
import {alternate} from '../../source/flows/bench/run.js';
import {result, sample, samples} from '../fixtures/bench.js';

describe('alternate', () => {
	it('runs the variants A B A B so drift hits both', () => {
		expect(alternate(3)).toEqual(['regular', 'alpine', 'regular', 'alpine', 'regular', 'alpine']);
		expect(alternate(0)).toEqual([]);
	});
});

describe('buildRows', () => {
	const rows = buildRows(samples(), {runs: 3, smokeCommand: ['node', 'compose/smoke-test.mjs']});
	const row = (id: string) => rows.find(candidate => candidate.id === id)!;

	it('has a row per figure with a spread per variant over the runs', () => {
		expect(rows.map(candidate => candidate.id)).toEqual(['footprint', 'footprint.unique', 'footprint.shared', 'image.listed', 'image.auth', 'image.backend', 'startup', 'memory', 'memory.peak', 'smoke']);
		expect(row('startup').regular).toEqual({min: 6100, median: 6200, max: 6300, n: 3});
		expect(row('startup').alpine).toEqual({min: 5550, median: 5600, max: 5650, n: 3});
	});

	it("the stack's footprint counts a shared base layer once; docker images' sum counts it in each image", () => {
		expect(row('footprint').regular?.median).toBe(87e6);
		expect(row('footprint.shared').regular?.median).toBe(75e6);
		expect(row('footprint.unique').regular?.median).toBe(12e6);
		expect(row('footprint').alpine?.median).toBeCloseTo(4.5e6, 0);
		expect(row('image.listed').regular?.median).toBe(162e6);
		expect(row('image.listed').method).toContain('shared layers counted in each');
		const shared = sample('alpine', 1, {images: [
			{service: 'a', image: 'x', id: 'sha256:same', bytes: 5e6},
			{service: 'b', image: 'x', id: 'sha256:same', bytes: 5e6},
		]});
		expect(distinctImageBytes(shared)).toBe(5e6);
	});

	it('judges each headline row against its target from the medians', () => {
		// The guide's image target is its backend image as docker images shows it: held against that row.
		expect(row('image.backend').target).toMatchObject({id: 'imageSize', pass: true});
		expect(row('image.backend').method).toContain("the guide's image-size target (186MB vs 847MB backend) is this figure");
		expect(row('footprint').target).toBeUndefined();
		expect(row('image.auth').target).toBeUndefined();
		expect(row('startup').target).toMatchObject({id: 'startup', pass: false});
		expect(row('startup').change?.value).toBeCloseTo(6200 / 5600, 12);
		expect(row('memory').target).toMatchObject({id: 'memory', pass: true, value: 0.5});
		expect(row('smoke').target).toMatchObject({id: 'testExecution', pass: true});
		expect(rows.filter(candidate => candidate.primary).map(candidate => candidate.id)).toEqual(['image.backend', 'startup', 'memory', 'smoke']);
	});

	it('says how every figure was measured', () => {
		for (const candidate of rows) expect(candidate.method.length).toBeGreaterThan(20);
		expect(row('startup').method).toContain('monotonic');
		expect(row('smoke').method).toContain('node compose/smoke-test.mjs');
	});

	it('leaves failed runs out of the figures and names the count in the method', () => {
		const mixed = [...samples(2), sample('alpine', 3, {ok: false, startupMs: 1, error: 'backend unhealthy'})];
		const startup = buildRows(mixed, {runs: 3}).find(candidate => candidate.id === 'startup')!;
		expect(startup.alpine?.n).toBe(2);
		expect(startup.alpine?.min).toBe(5550);
		expect(startup.method).toContain('2 regular and 2 Alpine run(s) of 3');
	});

	it('adds a build row only when builds were timed', () => {
		const timed = samples().map(entry => ({...entry, buildMs: entry.variant === 'regular' ? 180_000 : 60_000}));
		const build = buildRows(timed, {runs: 3}).find(candidate => candidate.id === 'build');
		expect(build?.target).toMatchObject({id: 'testExecution', pass: true});
	});

	it('has no verdict when a variant has no successful run', () => {
		const broken = samples().map(entry => (entry.variant === 'alpine' ? {...entry, ok: false} : entry));
		const targets = summarizeTargets(buildRows(broken, {runs: 3}));
		const startup = targets.find(target => target.id === 'startup')!;
		expect(startup.pass).toBeUndefined();
		expect(startup.note).toContain('not measured');
	});
});

describe('capacity', () => {
	it('compares the copies that fit and marks a count capped by --max as inconclusive', () => {
		const capped = result(samples(), {
			budget: 4e9,
			max: 12,
			variants: {
				alpine: {variant: 'alpine', copies: 12, stoppedBy: 'max', steps: []},
				regular: {variant: 'regular', copies: 12, stoppedBy: 'max', steps: []},
			},
		});
		const target = capped.targets.find(entry => entry.id === 'capacity')!;
		expect(target.pass).toBeUndefined();
		expect(target.note).toContain('inconclusive');

		const measured = result(samples(), {
			budget: 20e6,
			max: 12,
			variants: {
				alpine: {variant: 'alpine', copies: 8, stoppedBy: 'budget', steps: []},
				regular: {variant: 'regular', copies: 4, stoppedBy: 'budget', steps: []},
			},
		});
		expect(measured.targets.find(entry => entry.id === 'capacity')).toMatchObject({pass: true, value: 2});
	});

	it('says capacity was not measured without --capacity', () => {
		expect(result().targets.find(entry => entry.id === 'capacity')?.note).toContain('--capacity');
	});
});

describe('cells', () => {
	it('writes median (min–max), or one figure when the runs agree', () => {
		expect(formatSpread({min: 5550, median: 5600, max: 5650, n: 3}, 'ms')).toBe('5.60 s (5.55–5.65)');
		expect(formatSpread({min: 82e6, median: 82e6, max: 82e6, n: 3}, 'bytes')).toBe('82.0 MB');
		expect(formatSpread({min: 847e6, median: 847e6, max: 847e6, n: 1}, 'bytes')).toBe('847 MB');
		expect(formatSpread(undefined, 'ms')).toBe('–');
		expect(formatSpread({min: 850, median: 900, max: 1200, n: 3}, 'ms')).toBe('900 ms (850–1200)');
		expect(formatSpread({min: 3.55e6, median: 3.6e6, max: 3.7e6, n: 3}, 'bytes')).toBe('3.6 MB (3.5–3.7)');
	});

	it('names a change by its formula', () => {
		expect(formatChange({change: {kind: 'reduction', value: 0.5}})).toBe('50.0 % less');
		expect(formatChange({change: {kind: 'reduction', value: -0.2}})).toBe('20.0 % more');
		expect(formatChange({change: {kind: 'speedup', value: 3}})).toBe('3.00× faster');
		expect(formatChange({change: {kind: 'speedup', value: 0.5}})).toBe('0.50× (slower)');
	});

	it('fills every column of every row', () => {
		const rows = tableRows(result());
		expect(rows[0]).toMatchObject({Metric: 'Stack on disk', Regular: '87.0 MB', Alpine: '4.5 MB'});
		expect(rows.find(entry => entry.Metric === 'Listed sizes')).toMatchObject({Regular: '162 MB', Alpine: '6.2 MB', Target: ''});
		expect(rows.find(entry => entry.Metric === '  backend')).toMatchObject({Regular: '82.0 MB', Alpine: '3.2 MB', Target: '78 % smaller', Result: '✓ pass'});
		expect(rows.find(entry => entry.Metric === 'Startup')?.Result).toBe('✗ fail');
	});

	it('sums up a target with its formula and measured value', () => {
		const memory = result().targets.find(target => target.id === 'memory')!;
		expect(formatTargetSummary(memory)).toBe('✓ Memory 50 % less: measured 50.0 % less (1 − alpine/regular ≥ 50 %) — met');
	});
});

describe('recordedMetrics', () => {
	it('keeps the spreads for the next comparison', () => {
		const recorded = recordedMetrics(result().rows);
		expect(recorded.find(metric => metric.id === 'image.auth')).toMatchObject({label: 'auth', unit: 'bytes', better: 'lower'});
		expect(JSON.parse(JSON.stringify(recorded))).toEqual(recorded);
	});
});
