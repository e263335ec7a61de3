import {mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {checks} from '../../source/flows/checks/index.js';
import type {CheckResult} from '../../source/flows/checks/types.js';
import {ProgressStore} from '../../source/project/progress.js';
import {repoRoot} from '../helpers/context.js';
import {freePort, sampleCopy} from '../helpers/sample-copy.js';

/** `alpinist check` as a person or CI runs it: the real CLI (from source), the real engine, a copy of the sample stack. */

const cleanups: Array<() => void> = [];
let env: Record<string, string> = {};

beforeAll(async () => {
	// The Alpine stack's host ports: free ones, so another stack on the defaults does not matter.
	const names = ['ALPINIST_ALPINE_BACKEND_PORT', 'ALPINIST_ALPINE_AUTH_PORT', 'ALPINIST_ALPINE_FRONTEND_PORT'];
	const ports = await Promise.all(names.map(() => freePort()));
	env = Object.fromEntries(names.map((name, index) => [name, String(ports[index])]));
});

afterAll(() => {
	for (const cleanup of cleanups) cleanup();
});

/** A copy of the sample stack under a unique compose project name, and a state dir of its own. */
function named(label: string) {
	const copy = sampleCopy(label);
	copy.edit('alpinist.config.json', text => JSON.stringify({...JSON.parse(text), name: `it-check-${label}-${process.pid}`}));
	const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-state-'));
	cleanups.push(() => {
		copy.remove();
		rmSync(stateDir, {recursive: true, force: true});
	});
	return {copy, stateDir};
}

describe('alpinist check, headless', () => {
	const cli = async (copyDir: string, stateDir: string, args: string[], extra: Record<string, string | undefined> = {}) =>
		execa(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'cli.tsx'), 'check', '--project', copyDir, '--state-dir', stateDir, ...args], {
			cwd: repoRoot,
			reject: false,
			env: {...process.env, CI: '1', ...env, ...extra},
			extendEnv: false,
		});

	it('--json: one document, exit 0 when nothing failed', async () => {
		const {copy, stateDir} = named('cli');
		const result = await cli(copy.dir, stateDir, ['--json']);
		expect(result.exitCode).toBe(0);
		const document = JSON.parse(result.stdout);
		expect(document).toMatchObject({ok: true, exitCode: 0, override: null});
		expect(document.checks).toHaveLength(13);
		expect(document.checks[0]).toMatchObject({id: 'engine', title: 'Docker engine', status: 'pass'});
	});

	it('without Compose on the PATH: a line per check, exit 1, and --override records who and why', async () => {
		const {copy, stateDir} = named('nocompose');
		// A PATH with node and nothing else: neither docker nor docker-compose.
		const bin = mkdtempSync(path.join(tmpdir(), 'alpinist-bin-'));
		symlinkSync(process.execPath, path.join(bin, 'node'));
		cleanups.push(() => rmSync(bin, {recursive: true, force: true}));
		const result = await cli(copy.dir, stateDir, ['--override', 'compose comes with the CI image'], {PATH: bin, USER: 'ci-bot'});
		expect(result.exitCode).toBe(1);
		const lines = result.stdout.split('\n');
		const rows = lines.filter(line => /^[✓!✗-] (PASS|WARN|FAIL|SKIP) /.test(line));
		expect(rows).toHaveLength(13);
		// In the guide's order (the TUI's), not the order the checks happened to finish in.
		expect(rows.map(line => line.slice(7).split(' — ')[0])).toEqual(checks.map(definition => definition.title));
		expect(lines.filter(line => line.startsWith('✗ FAIL Docker Compose — not found'))).toHaveLength(1);
		expect(result.stdout).toContain('fix: Install the compose plugin');
		expect(result.stdout).toContain('override recorded: compose overridden by ci-bot — compose comes with the CI image');
		const progress = new ProgressStore({projectPath: copy.dir, cwd: stateDir});
		expect(progress.step('check.override')).toMatchObject({status: 'pass', data: {by: 'ci-bot', reason: 'compose comes with the CI image', failed: ['compose']}});
	});

	it('no engine: exit 3, the engine check says how to start one', async () => {
		const {copy, stateDir} = named('cli-noengine');
		const result = await cli(copy.dir, stateDir, ['--json'], {DOCKER_HOST: 'unix:///nonexistent/alpinist-check.sock'});
		expect(result.exitCode).toBe(3);
		const document = JSON.parse(result.stdout);
		expect(document.checks.find((c: CheckResult) => c.id === 'engine')).toMatchObject({status: 'fail', fix: expect.stringContaining('setup-engine.sh')});
		expect(document.checks.find((c: CheckResult) => c.id === 'memory')).toMatchObject({status: 'skip', value: 'skipped: engine unreachable'});
	});
});
