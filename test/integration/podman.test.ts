import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, cliPath} from '../helpers/cli.js';
import {repoRoot} from '../helpers/context.js';
import {muslBase} from '../helpers/containers.js';
import {type PodmanService, podmanUnavailable, startPodman} from '../helpers/podman.js';
import {sampleCopy} from '../helpers/sample-copy.js';

/**
 * The core path against a real Podman engine (Debian's podman 4.3, scripts/podman.sh): status,
 * check, a migrate of the sample stack through docker-compose (v1) pointed at the Podman socket,
 * and `top --once` on the migrated stack. Skipped, saying why, when Podman cannot be installed.
 */

const unavailable = await podmanUnavailable();
if (unavailable) console.warn(`podman tests skipped: ${unavailable}`);

const name = `it-podman-${process.pid}`;
let stateDir = '';
let copy: ReturnType<typeof sampleCopy> | undefined;
let podman: PodmanService | undefined;

function cli(args: string[], extra: Record<string, string> = {}) {
	return execa(process.execPath, [cliPath, ...args, '--project', copy!.dir, '--state-dir', stateDir], {
		cwd: repoRoot,
		reject: false,
		timeout: 300_000,
		env: {
			DOCKER_HOST: podman!.host,
			// Compose v1 (docker-compose) speaks the engine API that Podman serves; v2 builds through buildx,
			// whose docker-container driver needs a BuildKit image Podman's store does not have.
			ALPINIST_COMPOSE: 'v1',
			ALPINIST_PUBLISH_IP: '127.0.0.1',
			ALPINIST_ALPINE_BACKEND_PORT: '0',
			ALPINIST_ALPINE_AUTH_PORT: '0',
			ALPINIST_ALPINE_FRONTEND_PORT: '0',
			CI: '1',
			...extra,
		},
	});
}

beforeAll(async () => {
	if (unavailable) return;
	stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-podman-state-'));
	copy = sampleCopy('podman');
	copy.edit('alpinist.config.json', text => JSON.stringify({...JSON.parse(text), name}));
	buildCli();
	podman = await startPodman([muslBase, 'alpinist-base/debian:bookworm']);
}, 180_000);

afterAll(async () => {
	if (podman && copy) {
		await execa('docker-compose', ['-p', `${name}-alpine`, '-f', path.join(copy.dir, 'compose/docker-compose.alpine.yml'), 'down', '-v', '--rmi', 'local'], {
			reject: false,
			env: {DOCKER_HOST: podman.host},
		});
		await podman.stop();
	}

	copy?.remove();
	if (stateDir) rmSync(stateDir, {recursive: true, force: true});
}, 180_000);

describe.skipIf(Boolean(unavailable))(`against Podman (${unavailable ?? 'its own socket'})`, () => {
	it('status --json: the engine is Podman, on its own socket', async () => {
		const result = await cli(['status', '--json']);
		expect(result.exitCode, result.stderr).toBe(0);
		const document = JSON.parse(result.stdout);
		expect(document.engine).toMatchObject({flavour: 'podman', version: podman!.version, host: podman!.host});
	});

	it('check --json: every check runs against Podman, none fails', async () => {
		const result = await cli(['check', '--json']);
		const document = JSON.parse(result.stdout);
		const byId = Object.fromEntries(document.checks.map((check: {id: string; status: string; value: string}) => [check.id, check]));
		expect(byId.engine.value).toMatch(new RegExp(`^podman ${podman!.version.replaceAll('.', '\\.')} `));
		expect(byId['base-images'].status).toBe('pass');
		expect(document.checks.filter((check: {status: string}) => check.status === 'fail')).toEqual([]);
		expect(result.exitCode).toBe(0);
	});

	it('migrate --yes through docker-compose: built, started, healthy, smoke tests pass, verified; top --once shows it', async () => {
		const started = performance.now();
		const result = await cli(['migrate', '--yes', '--json']);
		const seconds = (performance.now() - started) / 1000;
		const document = JSON.parse(result.stdout);
		expect(result.exitCode, `${result.stderr}\n${JSON.stringify(document.steps?.filter((step: {status: string}) => step.status === 'fail'))}`).toBe(0);
		expect(document.verify).toMatchObject({ok: true, variant: 'alpine'});
		expect(document.verify.smoke).toMatchObject({failed: 0});
		const startup = document.verify.measurements.startupMs;
		console.info(`podman migrate: ${seconds.toFixed(1)} s end to end, startup ${(startup / 1000).toFixed(2)} s, smoke ${Math.round(document.verify.smoke.durationMs)} ms`);

		const top = await cli(['top', '--once', '--json', '--project-only']);
		expect(top.exitCode, top.stderr).toBe(0);
		const once = JSON.parse(top.stdout);
		expect(once.engine).toMatchObject({flavour: 'podman'});
		const rows = once.containers as Array<{service: string; health: string; variant: string; memUsage: number | null}>;
		expect(rows.map(row => row.service).sort()).toEqual(['auth', 'backend', 'frontend']);
		for (const row of rows) expect(row).toMatchObject({health: 'healthy', variant: 'Alpine'});
		for (const row of rows) expect(row.memUsage).toBeGreaterThan(0);
	}, 360_000);
});
