import {describe, expect, it} from 'vitest';
import {commandPosition, flagSpelling} from '../../source/commands/argv.js';

const valueFlags = ['--project', '--state-dir'];

describe('the command word among the arguments', () => {
	it('is the first word that is neither a flag nor a flag\'s value', () => {
		expect(commandPosition(['doctor', '--json'], valueFlags)).toBe(0);
		expect(commandPosition(['--project', 'compose/broken', 'doctor'], valueFlags)).toBe(2);
		expect(commandPosition(['--plain', '--state-dir', '/tmp/s', 'doctor', '--only', 'musl-glibc'], valueFlags)).toBe(3);
		expect(commandPosition(['--project=compose/broken', 'doctor'], valueFlags)).toBe(1);
	});

	it('is absent when only flags (and their values) are given', () => {
		expect(commandPosition([], valueFlags)).toBe(-1);
		expect(commandPosition(['--project', 'doctor'], valueFlags)).toBe(-1);
		expect(commandPosition(['--json', '--', 'doctor'], valueFlags)).toBe(-1);
	});

	it('spells meow\'s flag names as typed', () => {
		expect(flagSpelling('stateDir')).toBe('--state-dir');
		expect(flagSpelling('project')).toBe('--project');
	});
});
