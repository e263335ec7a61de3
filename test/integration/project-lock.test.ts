import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {lockFile} from '../../source/project/lock.js';
import {buildCli, cliPath} from '../helpers/cli.js';
import {anyPorts, removeBuiltImages, sampleCopy} from '../helpers/sample-copy.js';
import {useSmallFs} from '../helpers/small-fs.js';
import {waitUntil} from '../helpers/wait.js';

/**
 * One writer per project, with the real CLI on the real engine: a second mutating command is
 * refused while a migrate runs, a read-only one is not; SIGTERM ends the migrate as SIGINT does
 * (exit 130, progress kept, lock released) and the next run resumes; a stale lock is taken over.
 * And a full disk under the state dir fails the command, keeping the old progress file.
 */

const name = `it-lock-${process.pid}`;
const sample = sampleCopy(name);
sample.edit('alpinist.config.json', text => `${JSON.stringify({...JSON.parse(text), name}, null, '\t')}\n`);
const stateDir = mkdtempSync(path.join(tmpdir(), `alpinist-lock-state-${process.pid}-`));
const env = {...anyPorts, ALPINIST_STATE_DIR: stateDir, ALPINIST_PUBLISH_IP: '127.0.0.1'};
const cli = (args: string[], extra: Record<string, string> = {}) => execa(process.execPath, [cliPath, ...args, '--project', sample.dir], {reject: false, stdin: 'ignore', env: {...env, ...extra}, timeout: 180_000});
const progress = () => JSON.parse(readFileSync(path.join(stateDir, 'progress.json'), 'utf8')).projects[sample.dir];

beforeAll(() => {
	buildCli();
});

afterAll(async () => {
	await cli(['clean', '--alpine', '--yes']);
	// The images the migrations built (both Compose naming rules).
	await removeBuiltImages(name);
	sample.remove();
	rmSync(stateDir, {recursive: true, force: true});
});

describe('the project lock (real CLI, real engine)', () => {
	it('refuses a second writer while migrate runs, lets a reader through; SIGTERM gives 130 and the next run resumes', async () => {
		const first = cli(['migrate', '--yes', '--force-rebuild']);
		const file = lockFile(stateDir, sample.dir);
		await waitUntil(() => existsSync(file), 60_000);
		expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({pid: first.pid, command: 'migrate'});

		const second = await cli(['rollback', '--emergency', '--yes']);
		expect(second.exitCode).toBe(1);
		expect(second.stderr).toContain(`is locked by process ${first.pid} (alpinist migrate, since `);
		const down = await cli(['down', '--json']);
		expect(down.exitCode).toBe(1);
		expect(JSON.parse(down.stdout)).toMatchObject({ok: false, error: 'project-locked', holder: {pid: first.pid, command: 'migrate'}});
		const status = await cli(['status']);
		expect(status.exitCode).toBe(0);

		// SIGTERM once a step has been recorded: handled as SIGINT.
		await waitUntil(() => existsSync(path.join(stateDir, 'progress.json')) && Object.keys(progress()?.steps ?? {}).some(id => id.startsWith('migrate.')), 60_000);
		first.kill('SIGTERM');
		const ended = await first;
		expect(ended.exitCode).toBe(130);
		expect(existsSync(file)).toBe(false);
		const steps = progress().steps as Record<string, {status: string}>;
		expect(Object.values(steps).map(step => step.status)).not.toContain('running');

		const resumed = await cli(['migrate', '--yes']);
		expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
		expect(resumed.stdout).toMatch(/Migrated/);
	});

	it('takes over the lock of a process that no longer runs, with a message', async () => {
		const dead = execFileSync('sh', ['-c', 'echo $$'], {encoding: 'utf8'}).trim();
		const file = lockFile(stateDir, sample.dir);
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, JSON.stringify({pid: Number(dead), command: 'rollback', startedAt: new Date().toISOString(), project: sample.dir, host: hostname()}));
		const result = await cli(['down', '--alpine']);
		expect(result.exitCode).toBe(0);
		expect(result.stderr).toContain(`took over the project's lock from process ${dead} (alpinist rollback`);
		expect(existsSync(file)).toBe(false);
	});
});

describe('a progress file of the wrong shape', () => {
	it('status and check report it moved aside and carry on; the file is not written into', async () => {
		const state = mkdtempSync(path.join(tmpdir(), `alpinist-shape-${process.pid}-`));
		try {
			const bad = JSON.stringify({schemaVersion: 2, projects: {[sample.dir]: {steps: 5}}});
			for (const args of [['status'], ['check', '--json']]) {
				writeFileSync(path.join(state, 'progress.json'), bad);
				const result = await cli(args, {ALPINIST_STATE_DIR: state});
				expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBeLessThanOrEqual(1);
				expect(`${result.stdout}${result.stderr}`).toMatch(/could not be read \(not a progress store: projects\[.*\]\./);
				expect(result.stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
				const aside = readdirSync(state).filter(entry => entry.startsWith('progress.json.corrupt-'));
				expect(aside.length).toBeGreaterThan(0);
				expect(readFileSync(path.join(state, aside.at(-1)!), 'utf8')).toBe(bad);
			}
		} finally {
			rmSync(state, {recursive: true, force: true});
		}
	});
});

describe('a full disk under the state dir (64 KB tmpfs)', () => {
	const small = useSmallFs(`alpinist-64k-cli-${process.pid}-`);

	it('check fails with a clear error and the old progress file is kept whole', async ctx => {
		if (!small.dir) ctx.skip(`no tmpfs could be mounted: ${small.why}`);
		const dir = small.dir!;
		const first = await cli(['check'], {ALPINIST_STATE_DIR: small.dir!});
		expect([0, 1]).toContain(first.exitCode);
		const before = readFileSync(path.join(dir, 'progress.json'), 'utf8');
		expect(before.length).toBeGreaterThan(1000);
		// Fill the file system, leaving less than the next version of the file needs.
		const filler = path.join(dir, 'filler');
		try {
			for (;;) writeFileSync(filler, Buffer.alloc(4096, 1), {flag: 'a'});
		} catch {}

		const full = await cli(['check'], {ALPINIST_STATE_DIR: small.dir!});
		expect(full.exitCode).not.toBe(0);
		expect(full.stderr).toMatch(/could not write .*progress\.json: no space left on the device \(ENOSPC\).*previous version of the file is kept/);
		expect(readFileSync(path.join(dir, 'progress.json'), 'utf8')).toBe(before);
		expect(readdirSync(dir).filter(entry => entry.endsWith('.tmp'))).toEqual([]);
		rmSync(filler);
		const after = await cli(['status'], {ALPINIST_STATE_DIR: small.dir!});
		expect(after.stdout + after.stderr).not.toMatch(/could not be read/);
	});
});
