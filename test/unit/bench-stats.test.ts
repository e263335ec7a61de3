import {describe, expect, it} from 'vitest';
import {change, compareWithPrevious, evaluate, guideTargets, increase, isRegression, median, reduction, speedUp, spread} from '../../source/flows/bench/stats.js';

describe('spread', () => {
	it('gives min, median and max of odd and even counts', () => {
		expect(spread([30, 10, 20])).toEqual({min: 10, median: 20, max: 30, n: 3});
		expect(spread([4, 1, 3, 2])).toEqual({min: 1, median: 2.5, max: 4, n: 4});
		expect(median([7])).toBe(7);
	});

	it('leaves out runs without a figure, and has nothing to say about none', () => {
		expect(spread([undefined, 5, Number.NaN, 7])).toEqual({min: 5, median: 6, max: 7, n: 2});
		expect(spread([undefined])).toBeUndefined();
		expect(Number.isNaN(median([]))).toBe(true);
	});
});

describe('the formulas', () => {
	it("reads the guide's own memory example as a 50 % reduction, not 100 %", () => {
		// The guide's script prints regular × 100 / alpine − 100 = 100 % for 1536 MB → 768 MB.
		expect(reduction(1536, 768)).toBe(0.5);
		expect((1536 * 100) / 768 - 100).toBe(100);
		// …which is the speed-up minus one, not a reduction.
		expect(speedUp(1536, 768)).toBe(2);
	});

	it('computes the image example as 78 % smaller', () => {
		expect(reduction(847, 186)).toBeCloseTo(0.7804, 4);
		expect(evaluate(guideTargets.imageSize, 847, 186).pass).toBe(true);
		expect(evaluate(guideTargets.imageSize, 847, 200).pass).toBe(false);
	});

	it('reads "67 % faster test execution" as 1 − 60/180 less time, so the guide\'s own example passes', () => {
		expect(reduction(180, 60)).toBeCloseTo(2 / 3, 12);
		const verdict = evaluate(guideTargets.testExecution, 180, 60);
		expect(verdict.pass).toBe(true);
		expect(evaluate(guideTargets.testExecution, 180, 61).pass).toBe(false);
	});

	it('judges startup as a speed-up of regular/alpine', () => {
		expect(evaluate(guideTargets.startup, 15_000, 5000)).toMatchObject({value: 3, pass: true});
		// The guide's own range 20 s vs 8 s is only 2.5×.
		expect(evaluate(guideTargets.startup, 20_000, 8000)).toMatchObject({value: 2.5, pass: false});
	});

	it('judges memory at exactly 50 % as met, and capacity as alpine/regular', () => {
		expect(evaluate(guideTargets.memory, 1536e6, 768e6).pass).toBe(true);
		expect(evaluate(guideTargets.memory, 1536e6, 769e6).pass).toBe(false);
		expect(increase(4, 8)).toBe(2);
		expect(evaluate(guideTargets.capacity, 4, 8).pass).toBe(true);
		expect(evaluate(guideTargets.capacity, 4, 7).pass).toBe(false);
	});

	it('reports a growth as a negative reduction and a slowdown as a speed-up below 1', () => {
		expect(reduction(100, 120)).toBeCloseTo(-0.2, 12);
		expect(speedUp(100, 200)).toBe(0.5);
		expect(change('reduction', 100, 25)).toBe(0.75);
	});

	it('fails a target it cannot compute instead of passing it', () => {
		expect(Number.isNaN(reduction(0, 5))).toBe(true);
		expect(Number.isNaN(speedUp(5, 0))).toBe(true);
		expect(evaluate(guideTargets.startup, 5, 0).pass).toBe(false);
		expect(evaluate(guideTargets.imageSize, 0, 0).pass).toBe(false);
	});
});

describe('regressions', () => {
	const previous = {min: 900, median: 1000, max: 1050, n: 3};

	it('flags a median more than 10 % worse and outside the previous spread', () => {
		expect(isRegression(previous, {min: 1100, median: 1150, max: 1200, n: 3}, 'lower')).toBe(true);
	});

	it('does not flag a change within 10 %, nor one inside the previous spread', () => {
		expect(isRegression(previous, {min: 1000, median: 1090, max: 1100, n: 3}, 'lower')).toBe(false);
		const wide = {min: 500, median: 1000, max: 2000, n: 3};
		expect(isRegression(wide, {min: 1200, median: 1500, max: 1800, n: 3}, 'lower')).toBe(false);
		expect(isRegression(previous, {min: 400, median: 500, max: 600, n: 3}, 'lower')).toBe(false);
	});

	it('reads capacity the other way round: fewer copies is worse', () => {
		const copies = {min: 8, median: 8, max: 8, n: 1};
		expect(isRegression(copies, {min: 6, median: 6, max: 6, n: 1}, 'higher')).toBe(true);
		expect(isRegression(copies, {min: 10, median: 10, max: 10, n: 1}, 'higher')).toBe(false);
	});

	it('compares every figure both benchmarks have, per variant', () => {
		const before = [
			{id: 'startup', label: 'Startup', unit: 'ms', better: 'lower' as const, regular: previous, alpine: {min: 400, median: 500, max: 520, n: 3}},
			{id: 'gone', label: 'Gone', unit: 'ms', better: 'lower' as const, regular: previous},
		];
		const now = [
			{id: 'startup', label: 'Startup', unit: 'ms', better: 'lower' as const, regular: {min: 950, median: 1000, max: 1040, n: 3}, alpine: {min: 600, median: 650, max: 700, n: 3}},
			{id: 'new', label: 'New', unit: 'ms', better: 'lower' as const, regular: previous},
		];
		const comparisons = compareWithPrevious(now, before);
		expect(comparisons.map(c => `${c.id}/${c.variant}`)).toEqual(['startup/regular', 'startup/alpine']);
		expect(comparisons[0]).toMatchObject({regression: false, delta: 0});
		expect(comparisons[1].regression).toBe(true);
		expect(comparisons[1].delta).toBeCloseTo(0.3, 12);
	});
});
