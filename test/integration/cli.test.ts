import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, cliPath, runInPty} from '../helpers/cli.js';
import {repoRoot} from '../helpers/context.js';

/** The built CLI, as a person or a CI job runs it: exit codes and what it prints. */

const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-cli-state-'));
const deadSocket = path.join(stateDir, 'no-engine.sock');
const run = (args: string[], env: Record<string, string> = {}) =>
	execa(process.execPath, [cliPath, ...args], {cwd: repoRoot, reject: false, stdin: 'ignore', env: {ALPINIST_STATE_DIR: stateDir, ...env}, timeout: 60_000});

beforeAll(() => {
	buildCli();
});

afterAll(() => {
	rmSync(stateDir, {recursive: true, force: true});
});

describe('alpinist status', () => {
	it('--json prints one valid JSON document of the live engine, the project and its phases', async () => {
		const result = await run(['status', '--json', '--state-dir', stateDir]);
		expect(result.exitCode).toBe(0);
		const document = JSON.parse(result.stdout);
		expect(document.engine).toMatchObject({flavour: expect.stringMatching(/docker|podman/), version: expect.stringMatching(/\d/), cgroupVersion: expect.stringMatching(/^(1|2|unknown)$/)});
		expect(document.engine.cpus).toBeGreaterThan(0);
		expect(document.project).toMatchObject({name: 'sample', root: repoRoot, bundled: true});
		expect(document.phases.map((phase: {id: string}) => phase.id)).toEqual(['infrastructure', 'adoption', 'optimization', 'production']);
		expect(document.running.map((entry: {variant: string}) => entry.variant)).toEqual(['regular', 'alpine', 'alpineTest']);
		// --state-dir is honoured: progress is read from (and kept in) the given directory.
		expect(document.progressFile).toBe(path.join(stateDir, 'progress.json'));
	});

	it('plain lines without a TTY', async () => {
		const result = await run(['status']);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/^project {3}sample/m);
		expect(result.stdout).toMatch(/^engine {4}(docker|podman) \S+ \(API /m);
		expect(result.stdout).not.toMatch(/\u001B\[/);
	});

	it('with no engine: exit 3 and how to start one (JSON on stdout with --json)', async () => {
		const json = await run(['status', '--json'], {DOCKER_HOST: `unix://${deadSocket}`});
		expect(json.exitCode).toBe(3);
		const document = JSON.parse(json.stdout);
		expect(document).toMatchObject({ok: false, error: 'engine-unreachable'});
		expect(document.message).toContain(`unix://${deadSocket}`);
		expect(document.message).toMatch(/Start one: .*setup-engine\.sh/);
		expect(document.message).toMatch(/systemctl start docker|DOCKER_HOST/);

		const plain = await run(['status'], {DOCKER_HOST: `unix://${deadSocket}`});
		expect(plain.exitCode).toBe(3);
		expect(plain.stdout).toBe('');
		expect(plain.stderr).toMatch(/No Docker engine answers at unix:\/\/.*no-engine\.sock \(from DOCKER_HOST\)/);
		expect(plain.stderr).toMatch(/Start one/);
	});
});

describe('the bundle, through the paths the unbundled tests cannot see', () => {
	it('reads compose files through compose itself (the lazily loaded YAML parser works in the bundle)', async () => {
		const result = await run(['doctor', '--only', 'missing-images', '--json']);
		const document = JSON.parse(result.stdout);
		const [diagnosis] = document.diagnoses;
		expect(diagnosis.id).toBe('missing-images');
		expect(JSON.stringify(diagnosis)).not.toMatch(/is not a function/);
		expect(diagnosis.data.checked.length).toBeGreaterThan(0);
	});

	it('converts a Dockerfile (the Dockerfile parser loads in the bundle)', async () => {
		const result = await run(['convert', 'docker/backend.Dockerfile', '--json']);
		expect(JSON.parse(result.stdout).converted ?? JSON.parse(result.stdout).text).toMatch(/apk add|FROM/);
	});
});

describe('--help', () => {
	it("a command's help: its own options with meaning and defaults, two examples, exit 0", async () => {
		const result = await run(['top', '--help']);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('$ alpinist top [options]');
		expect(result.stdout).toMatch(/--interval SECONDS +time between refreshes .*\(default: 1\)/);
		expect(result.stdout).toMatch(/--sort COLUMN +sort by a column/);
		expect(result.stdout.match(/^ {4}\$ alpinist top /gm)).toHaveLength(3);
		const bench = await run(['bench', '--help']);
		expect(bench.stdout).toMatch(/--runs N +rounds, each regular then Alpine [^]*?\(default: 3\)/);
		expect(bench.stdout).toMatch(/--capacity +also measure parallel capacity/);
	});

	it('the global help lists the commands and the global options', async () => {
		const result = await run(['--help']);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/^ {4}doctor +Troubleshoot/m);
		expect(result.stdout).toMatch(/--state-dir DIR +where progress is kept \(default: ~\/\.config\/alpinist\)/);
	});
});

describe('exit codes', () => {
	it('2 for an unknown command, with the help', async () => {
		const result = await run(['launch']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/unknown command "launch"/);
		expect(result.stderr).toMatch(/Commands/);
	});

	it('2 for an option value its declaration does not allow, before any work', async () => {
		const result = await run(['doctor', '--fail-on', 'sometimes'], {DOCKER_HOST: `unix://${deadSocket}`});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toBe('alpinist doctor: --fail-on takes "error" or "warning", not "sometimes"');
		const top = await run(['top', '--once', '--interval', '0']);
		expect(top.exitCode).toBe(2);
		expect(top.stderr).toContain('--interval takes SECONDS from 0.1 to 60, not 0');
	});

	it('2 for a config error that names the file and the field', async () => {
		const project = path.join(stateDir, 'broken-project');
		mkdirSync(project, {recursive: true});
		writeFileSync(path.join(project, 'alpinist.config.json'), JSON.stringify({healthTimeout: 'forever'}));
		const result = await run(['status', '--project', project]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain(path.join(project, 'alpinist.config.json'));
		expect(result.stderr).toMatch(/healthTimeout: "forever" is not a duration/);
	});

	it('2 for a DOCKER_CONTEXT that does not exist', async () => {
		const result = await run(['status'], {DOCKER_CONTEXT: 'no-such-context', DOCKER_CONFIG: stateDir});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/"no-such-context", which is not a docker context/);
	});

	it('130 when the TUI is sent SIGTERM', () => {
		const result = runInPty([process.execPath, cliPath], {pattern: String.raw`engine\s+(docker|podman)\s+\d`, env: {ALPINIST_STATE_DIR: stateDir}, signalAfterMatch: 'SIGTERM'});
		expect(result.matchMs).not.toBeNull();
		expect(result).toMatchObject({exitCode: 130, signal: null});
	});
});
