import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/project/config.js';
import {evaluate, gateExitCode, levelOf, transitions, worst, type Level} from '../../source/flows/report/thresholds.js';

const {thresholds} = parseConfig({});

describe('the guide\'s alerting thresholds', () => {
	it('are the defaults: startup 10 s / 15 s, memory 1 GB / 1.5 GB, failure rate 5 % / 10 %, image 250 MB / 500 MB', () => {
		expect(thresholds.startup).toEqual({warning: 10_000, critical: 15_000});
		expect(thresholds.memory).toEqual({warning: 1e9, critical: 1.5e9});
		expect(thresholds.testFailureRate).toEqual({warning: 0.05, critical: 0.1});
		expect(thresholds.imageSize).toEqual({warning: 250e6, critical: 500e6});
	});

	it('reads sizes and durations the way people write them', () => {
		const config = parseConfig({thresholds: {memory: {warning: '512MiB', critical: '1.5GB'}, startup: {warning: '2s', critical: 4000}}});
		expect(config.thresholds.memory).toEqual({warning: 512 * 1024 ** 2, critical: 1.5e9});
		expect(config.thresholds.startup).toEqual({warning: 2000, critical: 4000});
		expect(() => parseConfig({thresholds: {memory: {warning: 'lots', critical: '1GB'}}})).toThrow(/thresholds\.memory\.warning: "lots" is not a size/);
	});

	it('puts a value at the level whose threshold it reaches', () => {
		expect(levelOf(9_999, thresholds.startup)).toBe('ok');
		expect(levelOf(10_000, thresholds.startup)).toBe('warning');
		expect(levelOf(14_999, thresholds.startup)).toBe('warning');
		expect(levelOf(15_000, thresholds.startup)).toBe('critical');
		expect(evaluate('testFailureRate', 0.07, thresholds, 'one run').level).toBe('warning');
	});

	it('fails a CI gate on critical, and on warning only when asked', () => {
		const warning = [evaluate('memory', 1.2e9, thresholds, 'x'), evaluate('startup', 10, thresholds, 'x')];
		const critical = [...warning, evaluate('imageSize', 600e6, thresholds, 'x', 'backend')];
		expect(worst(warning)).toBe('warning');
		expect(gateExitCode(warning, 'critical')).toBe(0);
		expect(gateExitCode(warning, 'warning')).toBe(1);
		expect(gateExitCode(critical, 'critical')).toBe(1);
		expect(gateExitCode([evaluate('memory', 1, thresholds, 'x')], 'warning')).toBe(0);
	});

	it('alerts when a metric crosses up, and clears when it returns to ok', () => {
		const levels = new Map<string, Level>();
		const apply = (value: number) => {
			const changes = transitions(levels, [evaluate('memory', value, thresholds, 'x')]);
			for (const change of changes) levels.set(change.key, change.to);
			return changes.map(change => `${change.kind}:${change.from}->${change.to}`);
		};

		expect(apply(0.5e9)).toEqual([]);
		expect(apply(1.1e9)).toEqual(['alert:ok->warning']);
		expect(apply(1.2e9)).toEqual([]);
		expect(apply(1.6e9)).toEqual(['alert:warning->critical']);
		expect(apply(1.1e9)).toEqual(['change:critical->warning']);
		expect(apply(0.2e9)).toEqual(['clear:warning->ok']);
	});
});
