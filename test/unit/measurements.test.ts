import {describe, expect, it} from 'vitest';
import {describeMeasurement, expectationText, judge, measure} from '../../source/flows/measurements.js';
import {parseConfig} from '../../source/project/config.js';

const config = parseConfig({});

describe('judge', () => {
	it('"below" passes strictly under the expectation', () => {
		expect(judge(9999, 10_000, 'below', true)).toBe('pass');
		expect(judge(10_000, 10_000, 'below', true)).toBe('warn');
	});

	it('"atMost": the guide\'s expectation is an upper bound, met at it or below, written ≤', () => {
		expect(judge(186e6, 186e6, 'atMost', true)).toBe('pass');
		expect(judge(186e6 + 1, 186e6, 'atMost', true)).toBe('warn');
		expect(judge(5e6, 186e6, 'atMost', true)).toBe('pass');
		expect(expectationText({comparison: 'atMost', unit: 'bytes', expected: 186e6})).toBe('≤ 186.0 MB');
		expect(expectationText({comparison: 'below', unit: 'ms', expected: 10_000})).toMatch(/^< 10/);
	});

	it('skips what was not measured, has no expectation, or does not apply', () => {
		expect(judge(undefined, 10_000, 'below', true)).toBe('skip');
		expect(judge(5, undefined, 'below', true)).toBe('skip');
		expect(judge(5, 10, 'below', false)).toBe('skip');
	});
});

describe('measure', () => {
	it("holds the Alpine stack's figures against the guide's expectations", () => {
		const rows = measure({
			variant: 'alpine',
			config,
			startupMs: 12_000,
			memory: {total: 120e6, containers: 3},
			images: [
				{service: 'backend', image: 'x-backend', bytes: 180e6},
				{service: 'auth', image: 'x-auth', bytes: 50e6},
			],
		});
		expect(rows.map(row => [row.name, row.status])).toEqual([
			['startup', 'warn'],
			['memory', 'pass'],
			['image backend', 'pass'],
			['image auth', 'skip'],
		]);
		expect(rows[1].method).toMatch(/3 containers/);
		expect(describeMeasurement(rows[0])).toBe('startup 12.00 s (expected < 10.00 s): warn');
	});

	it('measures the regular stack without judging it', () => {
		const rows = measure({variant: 'regular', config, startupMs: 25_000, memory: {total: 2e9, containers: 3}, images: []});
		expect(rows.every(row => row.status === 'skip')).toBe(true);
		expect(rows[0].note).toMatch(/Alpine variant/);
	});

	it('reads the expectations from the project config', () => {
		const custom = parseConfig({expectations: {startup: '2s', memory: '100MB', imageSizes: {api: '20MB'}}});
		const rows = measure({variant: 'alpine', config: custom, startupMs: 2500, memory: {total: 90e6, containers: 1}, images: [{service: 'api', image: 'api', bytes: 25e6}]});
		expect(rows.map(row => row.status)).toEqual(['warn', 'pass', 'warn']);
	});
});
