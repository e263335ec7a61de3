import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, cliPath, runInPty} from '../helpers/cli.js';
import {repoRoot} from '../helpers/context.js';

/** Without a terminal the built CLI never draws the TUI: it prints plain lines and exits. */

const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-nontty-'));

beforeAll(() => {
	buildCli();
});

afterAll(() => {
	rmSync(stateDir, {recursive: true, force: true});
});

const run = (args: string[], env: Record<string, string> = {}) =>
	execa(process.execPath, [cliPath, ...args], {cwd: repoRoot, stdin: 'ignore', reject: false, timeout: 60_000, env: {ALPINIST_STATE_DIR: stateDir, ...env}});

const tuiMarks = [/\u001B\[/, /↑↓ select/, /alpinist › Home/, /Migration phases/];

describe('no TTY', () => {
	it('`alpinist` alone prints the status as plain lines, without escape sequences, and exits 0', async () => {
		const result = await run([]);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/^project {3}sample/m);
		expect(result.stdout).toMatch(/^engine {4}/m);
		expect(result.stdout).toMatch(/^next {6}/m);
		for (const mark of tuiMarks) expect(result.stdout).not.toMatch(mark);
		expect(result.stderr).toBe('');
	});

	it('in a terminal, CI (even set empty, which Ink counts as CI) gives plain lines too', () => {
		for (const ci of ['true', '']) {
			const result = runInPty([process.execPath, cliPath], {pattern: String.raw`next {6}\S`, env: {CI: ci, ALPINIST_STATE_DIR: stateDir}});
			expect(result.matchMs, `CI=${JSON.stringify(ci)}`).not.toBeNull();
		}
	});
});
