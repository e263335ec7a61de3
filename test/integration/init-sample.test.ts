/**
 * The Done-when run on the real engine: a copy of the bundled sample stack without its Alpine
 * compose files and Alpine Dockerfiles. `init --dry-run` writes nothing; `init --yes` writes
 * them (the stand-in bases reached through imageSubstitutions); a second run says nothing would
 * change; with the regular stack running on the same host ports, `check` passes (the ports
 * warn) and `migrate --yes` stops it first, saying so; every Alpine service ends healthy and
 * verified.
 */
import {existsSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {composeFor, discoverProject} from '../../source/project/discover.js';
import {detectCompose} from '../../source/docker/compose.js';
import {buildCli, cliPath} from '../helpers/cli.js';
import {freePort, sampleCopy} from '../helpers/sample-copy.js';

const name = `it-init-${process.pid}`;
const copy = sampleCopy('init');
const stateDir = path.join(copy.dir, '.state');
const env: Record<string, string> = {ALPINIST_STATE_DIR: stateDir, ALPINIST_PUBLISH_IP: '127.0.0.1', NO_COLOR: '1'};
const alpineFiles = ['compose/docker-compose.alpine.yml', 'compose/docker-compose.alpine-test.yml', 'docker/backend.alpine.Dockerfile', 'docker/auth.alpine.Dockerfile', 'docker/frontend.alpine.Dockerfile'];

const cli = (args: string[]) => execa(process.execPath, [cliPath, ...args, '--project', copy.dir], {env, reject: false, timeout: 240_000});

beforeAll(async () => {
	buildCli();
	for (const file of alpineFiles) rmSync(path.join(copy.dir, file));
	copy.edit('alpinist.config.json', text => text.replace('"name": "sample"', `"name": "${name}"`));
	// One free port per service, for both variants: the Alpine file init writes publishes the regular ones.
	for (const service of ['BACKEND', 'AUTH', 'FRONTEND']) env[`ALPINIST_REGULAR_${service}_PORT`] = String(await freePort());
}, 120_000);

afterAll(async () => {
	const compose = await detectCompose();
	const project = discoverProject({dir: copy.dir});
	if (compose) {
		for (const variant of ['regular', 'alpine', 'alpineTest'] as const) {
			if (project.compose[variant] && existsSync(project.compose[variant]!)) {
				await composeFor(project, variant, compose).down({volumes: true, removeImages: 'local'});
			}
		}
	}

	copy.remove();
}, 120_000);

describe('init then migrate on the sample stack without its Alpine files (real engine)', () => {
	it('--dry-run shows the plan and writes nothing', async () => {
		const result = await cli(['init', '--dry-run']);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stdout).toMatch(/^backend +converted +alpinist-base\/debian:bookworm → alpinist-base\/musl:busybox +\[docker\/backend\.alpine\.Dockerfile\]/m);
		expect(result.stdout).toMatch(/^ {2}create +compose\/docker-compose\.alpine\.yml$/m);
		expect(result.stdout).toMatch(/Dry run: nothing written \(5 files would be\)\./);
		for (const file of alpineFiles) expect(existsSync(path.join(copy.dir, file)), file).toBe(false);
	});

	it('--yes --json writes the Alpine Dockerfiles and compose files; the regular files are untouched', async () => {
		const regular = readFileSync(path.join(copy.dir, 'compose/docker-compose.yml'), 'utf8');
		const result = await cli(['init', '--yes', '--json']);
		expect(result.exitCode, result.stderr).toBe(0);
		const document = JSON.parse(result.stdout);
		expect(document).toMatchObject({ok: true, exitCode: 0});
		expect(document.services.map((row: any) => [row.name, row.kind, row.status, row.to, row.dockerfile])).toEqual([
			['backend', 'build', 'converted', 'alpinist-base/musl:busybox', 'docker/backend.alpine.Dockerfile'],
			['auth', 'build', 'converted', 'alpinist-base/musl:busybox', 'docker/auth.alpine.Dockerfile'],
			['frontend', 'build', 'converted', 'alpinist-base/musl:busybox', 'docker/frontend.alpine.Dockerfile'],
		]);
		expect(document.files.map((file: any) => [file.path, file.action])).toEqual([...alpineFiles.map(file => [file, 'written'])]);
		for (const file of alpineFiles) expect(existsSync(path.join(copy.dir, file)), file).toBe(true);
		expect(readFileSync(path.join(copy.dir, 'compose/docker-compose.yml'), 'utf8')).toBe(regular);
		const alpine = readFileSync(path.join(copy.dir, 'compose/docker-compose.alpine.yml'), 'utf8');
		expect(alpine).toMatch(/dockerfile: backend\.alpine\.Dockerfile\n\s+args:\n\s+BASE_IMAGE: alpinist-base\/musl:busybox/);
		expect(readFileSync(path.join(copy.dir, 'compose/docker-compose.alpine-test.yml'), 'utf8')).toMatch(/memory: 256M\n\s+cpus: "0\.25"/);
		expect(readFileSync(path.join(copy.dir, 'docker/backend.alpine.Dockerfile'), 'utf8')).toMatch(/apk add --no-cache busybox/);
	}, 60_000);

	it('a second run says nothing would change; a changed file is kept without --force', async () => {
		const again = await cli(['init', '--yes']);
		expect(again.exitCode, again.stderr).toBe(0);
		expect(again.stdout).toMatch(/Nothing to write: the Alpine files are up to date\./);
		copy.edit('docker/auth.alpine.Dockerfile', text => `${text}# local note\n`);
		const changed = await cli(['init', '--yes']);
		expect(changed.exitCode).toBe(1);
		expect(changed.stdout).toMatch(/exists and differs: kept \(--force overwrites\) docker\/auth\.alpine\.Dockerfile {2}\(\+0 −1 lines\)/);
		expect(readFileSync(path.join(copy.dir, 'docker/auth.alpine.Dockerfile'), 'utf8')).toMatch(/# local note\n$/);
		const forced = await cli(['init', '--yes', '--force']);
		expect(forced.exitCode, forced.stderr).toBe(0);
		expect(readFileSync(path.join(copy.dir, 'docker/auth.alpine.Dockerfile'), 'utf8')).not.toMatch(/# local note/);
	}, 60_000);

	it('check passes on the project as init left it, with the regular stack running on the same ports', async () => {
		const up = await cli(['up', '--no-alpine']);
		expect(up.exitCode, up.stdout + up.stderr).toBe(0);
		const result = await cli(['check', '--json']);
		const document = JSON.parse(result.stdout);
		const failed = document.checks.filter((check: any) => check.status === 'fail').map((check: any) => `${check.id}: ${check.value}`);
		expect(failed).toEqual([]);
		expect(result.exitCode).toBe(0);
		const ports = document.checks.find((check: any) => check.id === 'ports');
		expect(ports.status).toBe('warn');
		expect(ports.detail.join('\n')).toMatch(/of the regular stack: `alpinist migrate` stops it first/);
	}, 180_000);

	it('migrate stops the regular stack on the same ports first, then every service ends healthy and verified', async () => {
		const result = await cli(['migrate', '--yes']);
		expect(result.exitCode, result.stdout + result.stderr).toBe(0);
		expect(result.stdout).toMatch(new RegExp(`The regular stack ${name} publishes the same host ports as the Alpine one`));
		expect(result.stdout).toMatch(/✓ PASS Stop the regular stack \(same host ports\) — 3 containers of/);
		expect(result.stdout).toMatch(/✓ PASS Wait until every service is healthy — all 3 healthy/);
		expect(result.stdout).toMatch(/✓ PASS Verify the Alpine deployment/);
		expect(result.stdout).toMatch(new RegExp(`Migrated: the Alpine stack ${name}-alpine is up, healthy and verified\\.`));
		const ps = await execa('docker', ['ps', '--filter', `label=com.docker.compose.project=${name}-alpine`, '--format', '{{.Status}}']);
		const statuses = ps.stdout.split('\n').filter(Boolean);
		expect(statuses).toHaveLength(3);
		for (const status of statuses) expect(status).toMatch(/\(healthy\)/);
	}, 240_000);
});
