import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {detectCompose, forgetDetectedCompose} from '../../source/docker/compose.js';

// A `docker` of our own on PATH answers `docker compose version --short` and counts its calls.
let dir: string;
let env: NodeJS.ProcessEnv;
const calls = () => (existsSync(path.join(dir, 'calls')) ? readFileSync(path.join(dir, 'calls'), 'utf8').length : 0);
function fakeDocker(version: string | undefined): void {
	const answer = version === undefined ? 'exit 1' : `echo v${version}`;
	writeFileSync(path.join(dir, 'bin', 'docker'), `#!/bin/sh\nprintf x >> "${path.join(dir, 'calls')}"\n[ "$1 $2 $3" = "compose version --short" ] || exit 1\n${answer}\n`);
	chmodSync(path.join(dir, 'bin', 'docker'), 0o755);
}

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'alpinist-compose-cache-'));
	env = {PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`, DOCKER_CONFIG: path.join(dir, 'docker-config'), ALPINIST_COMPOSE: 'v2', HOME: dir};
	mkdirSync(path.join(dir, 'bin'));
	forgetDetectedCompose();
});

afterEach(() => {
	forgetDetectedCompose();
	rmSync(dir, {recursive: true, force: true});
});

const detect = async () => {
	forgetDetectedCompose();
	return detectCompose({env, cacheDir: path.join(dir, 'state')});
};

describe('Compose detection kept in the state dir', () => {
	it('asks Compose once, then answers from the cache while its files are unchanged', async () => {
		fakeDocker('2.40.1');
		expect(await detect()).toEqual({version: 'v2', versionString: '2.40.1', command: 'docker', prefix: ['compose']});
		expect(calls()).toBe(1);
		expect(await detect()).toMatchObject({versionString: '2.40.1'});
		expect(calls()).toBe(1);
	});

	it('asks again when the docker on PATH changed (an upgrade)', async () => {
		fakeDocker('2.40.1');
		await detect();
		fakeDocker('2.41.10');
		expect(await detect()).toMatchObject({versionString: '2.41.10'});
		expect(calls()).toBe(2);
	});

	it('never keeps "not found": a Compose installed later is seen at once', async () => {
		fakeDocker(undefined);
		expect(await detect()).toBeUndefined();
		expect(existsSync(path.join(dir, 'state', 'compose.json'))).toBe(false);
		expect(await detect()).toBeUndefined();
		expect(calls()).toBe(2);
	});

	it('ignores a kept answer of another shape and asks again', async () => {
		fakeDocker('2.40.1');
		await detect();
		const file = path.join(dir, 'state', 'compose.json');
		const kept = JSON.parse(readFileSync(file, 'utf8'));
		writeFileSync(file, JSON.stringify({...kept, answer: {...kept.answer, command: 'rm', prefix: ['-rf', '/']}}));
		expect(await detect()).toMatchObject({command: 'docker', prefix: ['compose']});
		expect(calls()).toBe(2);
	});
});
