import {describe, expect, it} from 'vitest';
import {decideMode, isCI} from '../../source/headless/mode.js';

const tty = {stdoutIsTTY: true, stdinIsTTY: true};

describe('decideMode', () => {
	it('a terminal on both ends without CI is the TUI', () => {
		expect(decideMode({json: false, env: {}, ...tty})).toBe('interactive');
	});

	it('flags first: --json, then --plain', () => {
		expect(decideMode({json: true, plain: true, env: {}, ...tty})).toBe('json');
		expect(decideMode({json: false, plain: true, env: {}, ...tty})).toBe('plain');
		expect(decideMode({json: true, env: {CI: 'true'}, stdoutIsTTY: false, stdinIsTTY: false})).toBe('json');
	});

	it('CI is plain even in a terminal', () => {
		expect(decideMode({json: false, env: {CI: 'true'}, ...tty})).toBe('plain');
		expect(decideMode({json: false, env: {GITHUB_ACTIONS: 'true'}, ...tty})).toBe('plain');
	});

	it('no TTY on either end is plain', () => {
		expect(decideMode({json: false, env: {}, stdoutIsTTY: false, stdinIsTTY: true})).toBe('plain');
		expect(decideMode({json: false, env: {}, stdoutIsTTY: true, stdinIsTTY: false})).toBe('plain');
	});
});

describe('isCI agrees with Ink, which draws nothing until exit in CI', () => {
	it.each([
		[{CI: 'true'}, true],
		[{CI: '1'}, true],
		[{CI: ''}, true],
		[{CONTINUOUS_INTEGRATION: 'yes'}, true],
		[{CI: '0'}, false],
		[{CI: 'false'}, false],
		[{GITLAB_CI: 'true'}, true],
		[{GITHUB_ACTIONS: ''}, false],
		[{GITHUB_ACTIONS: 'false'}, false],
		[{}, false],
	])('%j → %s', (env, expected) => {
		expect(isCI(env)).toBe(expected);
	});
});
