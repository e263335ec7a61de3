import {describe, expect, it} from 'vitest';
import {type FlagSpec, parseFlags, UsageError} from '../../source/commands/parse-flags.js';

const specs: Record<string, FlagSpec> = {
	json: {type: 'boolean', default: false},
	alpine: {type: 'boolean'},
	dryRun: {type: 'boolean', default: false},
	yes: {type: 'boolean', shortFlag: 'y', default: false},
	project: {type: 'string'},
	interval: {type: 'number', default: 1},
	service: {type: 'string', isMultiple: true},
};

describe('parseFlags', () => {
	it('gives each flag its default, and undefined for one without', () => {
		expect(parseFlags([], specs)).toEqual({flags: {json: false, alpine: undefined, dryRun: false, yes: false, project: undefined, interval: 1, service: []}, input: []});
	});

	it('reads kebab-case spellings, values after a space or =, short flags, negations, repeats and input', () => {
		const {flags, input} = parseFlags(['one', '--dry-run', '--project=/p', '-y', '--no-alpine', '--interval', '2.5', '--service', 'a', '--service=b', 'two', '--', '--json'], specs);
		expect(flags).toMatchObject({dryRun: true, project: '/p', yes: true, alpine: false, interval: 2.5, service: ['a', 'b'], json: false});
		expect(input).toEqual(['one', 'two', '--json']);
	});

	it('refuses an unknown flag, a missing value and a number that is not one, as usage errors', () => {
		expect(() => parseFlags(['--bogus'], specs)).toThrow(UsageError);
		expect(() => parseFlags(['--bogus'], specs)).toThrow(/--bogus/);
		expect(() => parseFlags(['--project'], specs)).toThrow(/--project/);
		expect(() => parseFlags(['--interval', 'soon'], specs)).toThrow(/--interval takes a number, not "soon"/);
		expect(() => parseFlags(['--no-project'], specs)).toThrow(UsageError);
	});
});
