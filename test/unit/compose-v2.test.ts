// What alpinist reads from Compose v2, on outputs recorded from a real `docker compose` 2.26
// (Debian's package) running the sample stack: `ps --format json` (JSON Lines since 2.21) and
// the names v2 gives containers and built images.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {composeNames, parsePsJson} from '../../source/docker/compose.js';
import {builtImageName} from '../../source/flows/build.js';
import {stepsFromEarlierCache} from '../helpers/build-log.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/compose-v2');
const recorded = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

describe('parsePsJson (compose v2 `ps -a --format json`)', () => {
	it('reads JSON Lines (2.21 and later): one row per service container, health starting', () => {
		expect(parsePsJson(recorded('ps-starting.jsonl'))).toEqual([
			{service: 'auth', name: 'shop-alpine-auth-1', id: expect.stringMatching(/^[\da-f]{12}$/), state: 'running', health: 'starting', exitCode: 0},
			{service: 'backend', name: 'shop-alpine-backend-1', id: expect.stringMatching(/^[\da-f]{12}$/), state: 'running', health: 'starting', exitCode: 0},
			{service: 'frontend', name: 'shop-alpine-frontend-1', id: expect.stringMatching(/^[\da-f]{12}$/), state: 'running', health: 'starting', exitCode: 0},
		]);
	});

	it('a stopped container has an empty Health: read as none, with its state and exit code', () => {
		const rows = parsePsJson(recorded('ps-mixed.jsonl'));
		expect(rows.map(row => [row.service, row.state, row.health])).toEqual([
			['auth', 'exited', 'none'],
			['backend', 'running', 'healthy'],
			['frontend', 'running', 'healthy'],
		]);
	});

	it('reads the single JSON array that versions before 2.21 print (same rows)', () => {
		const lines = recorded('ps-mixed.jsonl').trim().split('\n');
		const array = `[${lines.join(',')}]\n`;
		expect(parsePsJson(array)).toEqual(parsePsJson(recorded('ps-mixed.jsonl')));
	});

	it('no container: empty output (lines) or an empty array', () => {
		expect(parsePsJson('')).toEqual([]);
		expect(parsePsJson('\n')).toEqual([]);
		expect(parsePsJson('[]')).toEqual([]);
	});
});

describe('composeNames', () => {
	it('v2: containers proj-svc-1 and images proj-svc, as in the recorded ps', () => {
		const names = composeNames('v2');
		const rows = parsePsJson(recorded('ps-starting.jsonl'));
		for (const row of rows) expect(row.name).toBe(names.container('shop-alpine', row.service));
		const images = recorded('ps-starting.jsonl').trim().split('\n').map(line => JSON.parse(line).Image);
		expect(images).toEqual(rows.map(row => names.image('shop-alpine', row.service)));
	});

	it('v1: containers proj_svc_1 and images proj_svc; networks and volumes proj_name in both', () => {
		const v1 = composeNames('v1');
		const v2 = composeNames('v2');
		expect(v1.container('shop-alpine', 'backend')).toBe('shop-alpine_backend_1');
		expect(v1.container('shop-alpine', 'backend', 2)).toBe('shop-alpine_backend_2');
		expect(v1.image('shop-alpine', 'backend')).toBe('shop-alpine_backend');
		for (const names of [v1, v2]) {
			expect(names.volume('shop-alpine', 'backend-data')).toBe('shop-alpine_backend-data');
			expect(names.network('shop-alpine')).toBe('shop-alpine_default');
		}
	});

	it('the build step looks for the image under the same name', () => {
		expect(builtImageName('v2', 'shop-alpine', 'backend', {services: {backend: {build: '.'}}})).toBe(`${composeNames('v2').image('shop-alpine', 'backend')}:latest`);
	});
});

describe('stepsFromEarlierCache (build logs)', () => {
	const lines = (name: string) => recorded(name).split('\n');

	it('v2 build --no-cache of two services: the base FROM and a step shared with the other service are not an earlier cache', () => {
		expect(lines('build-no-cache.txt').filter(line => / CACHED$/.test(line))).toHaveLength(2);
		expect(stepsFromEarlierCache(lines('build-no-cache.txt'))).toEqual([]);
	});

	it('v2 build with the cache: every step after FROM came from an earlier build', () => {
		expect(stepsFromEarlierCache(lines('build-cached.txt'))).toEqual([
			'COPY app/common/ /app/',
			'COPY app/backend/ /app/',
			'RUN command -v busybox >/dev/null || apk add --no-cache busybox',
			'RUN chmod 0755 /app/serve.sh /app/http.sh     && find /app/cgi-bin -type f -exec chmod 0755 {} +',
		]);
	});

	it('v1 (legacy builder): Using cache lines', () => {
		expect(stepsFromEarlierCache(['Step 2/5 : RUN true', ' ---> Using cache', ' ---> 0123abcd'])).toEqual([' ---> Using cache']);
	});
});
