import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, cliPath} from '../helpers/cli.js';
import {repoRoot} from '../helpers/context.js';

/**
 * Engines that fail the way real ones do: a socket that accepts and never answers, a socket this
 * user may not open (the real engine's, as an unprivileged user), no engine at all.
 */

const dir = mkdtempSync(path.join(tmpdir(), `alpinist-faults-${process.pid}-`));
const silentSocket = path.join(dir, 'silent.sock');
const stateDir = path.join(dir, 'state');
let silent: net.Server;
const accepted: net.Socket[] = [];

const run = (args: string[], options: {env?: Record<string, string>; cwd?: string} = {}) =>
	execa(process.execPath, [cliPath, ...args], {cwd: options.cwd ?? repoRoot, reject: false, stdin: 'ignore', env: {ALPINIST_STATE_DIR: stateDir, ...options.env}, timeout: 60_000});

beforeAll(async () => {
	buildCli();
	// Accepts every connection, reads what it is sent, answers nothing.
	silent = net.createServer(socket => {
		accepted.push(socket);
		socket.on('data', () => {});
	});
	await new Promise<void>(resolve => silent.listen(silentSocket, resolve));
});

afterAll(async () => {
	for (const socket of accepted) socket.destroy();
	await new Promise(resolve => silent.close(resolve));
	rmSync(dir, {recursive: true, force: true});
});

describe('an engine that accepts and never answers', () => {
	it('status exits 3 at the answer timeout (5 s unless set), saying the engine does not answer', async () => {
		const result = await run(['status'], {env: {DOCKER_HOST: `unix://${silentSocket}`}});
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toContain(`The Docker engine at unix://${silentSocket} (from DOCKER_HOST) does not answer`);
		// It gave up at its own timeout, not at the test's.
		expect(result.stderr).toContain('sent no reply within 5.0 s');
		expect(result.timedOut).toBe(false);
		expect(accepted.length).toBeGreaterThan(0);
	});

	it.each([['check'], ['migrate', '--yes'], ['rollback', '--emergency', '--yes'], ['top', '--once']])('%s exits 3 too', async (...args) => {
		const result = await run([...args, '--json'], {env: {DOCKER_HOST: `unix://${silentSocket}`, ALPINIST_ENGINE_TIMEOUT_MS: '1500'}});
		expect(result.exitCode).toBe(3);
		expect(`${result.stdout}${result.stderr}`).toMatch(/does not answer/);
	});

	it('SIGTERM ends the wait at once with 130, as SIGINT does', async () => {
		for (const signal of ['SIGTERM', 'SIGINT'] as const) {
			const child = execa(process.execPath, [cliPath, 'status'], {cwd: repoRoot, reject: false, stdin: 'ignore', env: {ALPINIST_STATE_DIR: stateDir, DOCKER_HOST: `unix://${silentSocket}`, ALPINIST_ENGINE_TIMEOUT_MS: '30000'}});
			await new Promise(resolve => setTimeout(resolve, 1000));
			child.kill(signal);
			const result = await child;
			expect(result.exitCode, signal).toBe(130);
			// The signal ended the wait, not the 30 s answer timeout.
			expect(result.stderr, signal).not.toMatch(/does not answer|no reply within/);
		}
	});
});

const canDropPrivileges = process.getuid?.() === 0 && (() => {
	try {
		execFileSync('setpriv', ['--version'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
})();

describe('permission denied on the real engine socket', () => {
	it.skipIf(!canDropPrivileges)('says so, names the socket owner and group, gives the fixes, exits 3', async () => {
		const result = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliPath, 'status'], {
			cwd: tmpdir(),
			reject: false,
			stdin: 'ignore',
			env: {ALPINIST_STATE_DIR: path.join(tmpdir(), `alpinist-nobody-${process.pid}`), DOCKER_HOST: 'unix:///var/run/docker.sock', HOME: tmpdir()},
		});
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toMatch(/Permission denied on the Docker socket \/var\/run\/docker\.sock/);
		const {stdout: owner} = await execa('stat', ['-c', '%U %G', '/var/run/docker.sock']);
		const [user, group] = owner.split(' ');
		expect(result.stderr).toContain(`owner ${user}`);
		expect(result.stderr).toContain(`group ${group}`);
		expect(result.stderr).toContain(`usermod -aG ${group}`);
		expect(result.stderr).toMatch(/rootless/);
		expect(result.stderr).not.toMatch(/No Docker engine answers/);
	});
});

describe('no engine at all', () => {
	it('names the set-up script so that it runs from where the user stands', async () => {
		const env = {DOCKER_HOST: `unix://${path.join(dir, 'none.sock')}`};
		const inside = await run(['status'], {env});
		expect(inside.exitCode).toBe(3);
		expect(inside.stderr).toContain('`bash scripts/setup-engine.sh`');
		// A folder that does not hold the repository (the repository may itself sit under tmpdir).
		const outside = await run(['status'], {env, cwd: dir});
		expect(outside.exitCode).toBe(3);
		expect(outside.stderr).not.toContain('`bash scripts/setup-engine.sh`');
		expect(outside.stderr).toContain(`\`bash ${path.join(repoRoot, 'scripts', 'setup-engine.sh')}\``);
	});
});
