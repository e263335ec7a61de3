import {describe, expect, it} from 'vitest';
import {bench, benchInput} from '../../source/commands/bench.js';
import {inputFromParams} from '../../source/screens/Benchmark.js';

describe('bench flags', () => {
	it('reads rounds, options and the budget as people write it', () => {
		expect(benchInput({runs: 5, buildTime: true, capacity: true, budget: '512MB', max: 6})).toEqual({runs: 5, buildTime: true, capacity: true, budget: 512e6, max: 6});
		expect(benchInput({})).toEqual({runs: 3, buildTime: false, capacity: false, budget: 4e9, max: 12});
	});

	it('refuses what is not a count or a size, as a usage error', () => {
		for (const flags of [{runs: Number.NaN}, {runs: -1}, {runs: 1.5}, {max: 0}, {budget: '4XB'}]) {
			expect(() => benchInput(flags)).toThrow(expect.objectContaining({name: 'ConfigError'}));
		}
	});

	it('hands the same input to the screen through its params', () => {
		const params = bench.screenParams!({json: false, yes: false, dryRun: false, forceRebuild: false, runs: 4, capacity: true, budget: '20MB', max: 3});
		expect(inputFromParams(params)).toEqual({runs: 4, buildTime: false, capacity: true, budget: 20e6, max: 3});
		expect(params.autostart).toBe(true);
	});

	it('goes headless for --markdown even in a terminal', () => {
		expect(bench.headless!({json: false, yes: false, dryRun: false, forceRebuild: false, markdown: true})).toBe(true);
		expect(bench.headless!({json: false, yes: false, dryRun: false, forceRebuild: false})).toBe(false);
	});
});
