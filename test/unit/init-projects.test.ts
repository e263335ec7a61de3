/**
 * `init`'s decisions on projects in the shapes of public ones (offline: no registry asked), and
 * the files it would write for them: the Alpine compose file (image, build.dockerfile, build.args
 * changed, the rest as written), the Alpine test file (tmpfs, 256M / 0.25 CPU), the Dockerfiles.
 */
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {planFiles} from '../../source/flows/init/files.js';
import {readRegularModel, regularComposeFiles} from '../../source/flows/init/read.js';
import {decideServices, rowsExitCode} from '../../source/flows/init/services.js';
import {discoverProject} from '../../source/project/discover.js';
import {repoRoot} from '../helpers/context.js';

const fixtures = path.join(repoRoot, 'test/fixtures/init-projects');

function plan(name: string) {
	const project = discoverProject({dir: path.join(fixtures, name)});
	const model = readRegularModel(project, regularComposeFiles(project, [], {}));
	const rows = decideServices(model, project.config.imageSubstitutions);
	const files = planFiles({project, model, rows, accepted: () => true, force: false});
	const decisions = Object.fromEntries(rows.map(row => [row.name, {kind: row.kind, status: row.status, from: row.from, to: row.to}]));
	const file = (role: string) => files.find(f => f.role === role);
	return {project, rows, files, decisions, alpine: parse(file('alpine')!.content), test: parse(file('alpineTest')!.content), file};
}

describe('init on a Go app + postgres + nginx', () => {
	const result = plan('go-postgres-nginx');
	it('converts the Go build (its target kept) and maps postgres and nginx', () => {
		expect(result.decisions).toEqual({
			backend: {kind: 'build', status: 'converted', from: 'golang:1.22', to: 'golang:1.22-alpine'},
			db: {kind: 'image', status: 'mapped', from: 'postgres:16', to: 'postgres:16-alpine'},
			proxy: {kind: 'image', status: 'mapped', from: 'nginx:1.27', to: 'nginx:1.27-alpine'},
		});
		expect(rowsExitCode(result.rows)).toBe(0);
		expect(result.rows[0]!.dockerfile).toBe(path.join(fixtures, 'go-postgres-nginx/app/Dockerfile.alpine'));
	});

	it('writes compose.alpine.yaml beside compose.yaml, changing only what Alpine changes', () => {
		expect(result.files.map(f => [path.relative(result.project.root, f.path), f.action])).toEqual([
			['compose.alpine.yaml', 'create'],
			['compose.alpine-test.yaml', 'create'],
			['app/Dockerfile.alpine', 'create'],
			['alpinist.config.json', 'create'],
		]);
		expect(result.alpine.services.backend.build).toEqual({context: 'app', target: 'builder', dockerfile: 'Dockerfile.alpine'});
		expect(result.alpine.services.db.image).toBe('postgres:16-alpine');
		expect(result.alpine.services.proxy).toMatchObject({image: 'nginx:1.27-alpine', ports: ['${PROXY_PORT:-80}:80']});
		expect(result.alpine.services.db.healthcheck).toEqual({test: ['CMD', 'pg_isready'], interval: '10s'});
		expect(result.alpine.secrets).toEqual({'db-password': {file: 'db/password.txt'}});
		expect(result.file('alpine')!.content).toMatch(/^# Alpine \(musl\) variant of compose\.yaml/);
		const dockerfile = result.file('dockerfile')!.content;
		expect(dockerfile).toMatch(/^FROM golang:1\.22-alpine AS builder$/m);
		expect(dockerfile).toMatch(/^FROM alpine:3\.20 AS runtime$/m);
		expect(dockerfile).toMatch(/apk add --no-cache ca-certificates/);
	});

	it('the test file has tmpfs (postgres data too) and the guide’s limits', () => {
		for (const name of ['backend', 'db', 'proxy']) {
			expect(result.test.services[name].deploy.resources).toEqual({limits: {memory: '256M', cpus: '0.25'}, reservations: {memory: '128M'}});
			expect(result.test.services[name].tmpfs).toContain('/tmp');
		}

		// The data volume mounts there already: the volume is kept, no tmpfs over it.
		expect(result.test.services.db.tmpfs).toEqual(['/tmp']);
	});

	it('the config entries point at the files', () => {
		expect(JSON.parse(result.file('config')!.content)).toEqual({compose: {regular: 'compose.yaml', alpine: 'compose.alpine.yaml', alpineTest: 'compose.alpine-test.yaml'}});
	});
});

describe('init on a Node app + mongo', () => {
	const result = plan('node-mongo');
	it('converts the Node build, keeps mongo with the reason, exit 1', () => {
		expect(result.decisions).toEqual({
			app: {kind: 'build', status: 'converted', from: 'node:20-bookworm-slim', to: 'node:20-alpine'},
			mongo: {kind: 'image', status: 'kept', from: 'mongo:7.0', to: 'mongo:7.0'},
		});
		expect(result.rows[1]!.reason).toBe('the official mongo image has no Alpine variant');
		expect(rowsExitCode(result.rows)).toBe(1);
	});

	it('tags the Alpine build apart from the regular one, and keeps mongo as it was', () => {
		expect(result.alpine.services.app).toMatchObject({image: 'example/node-app:1.4.0-alpine', build: {context: '.', dockerfile: 'Dockerfile.alpine'}});
		expect(result.alpine.services.mongo.image).toBe('mongo:7.0');
		expect(result.test.services.mongo.tmpfs).toEqual(['/tmp']);
		expect(path.basename(result.file('alpine')!.path)).toBe('docker-compose.alpine.yml');
	});
});

describe('init on a Java app + mariadb', () => {
	const result = plan('java-mariadb');
	it('maps the JRE build arg used in FROM, converts both stages, keeps mariadb', () => {
		expect(result.decisions).toEqual({
			backend: {kind: 'build', status: 'converted', from: 'eclipse-temurin:21-jre-jammy', to: 'eclipse-temurin:21-jre-alpine'},
			db: {kind: 'image', status: 'kept', from: 'mariadb:11.4', to: 'mariadb:11.4'},
		});
		expect(result.rows[0]!.images.sort()).toEqual(['eclipse-temurin:21-jdk-alpine', 'eclipse-temurin:21-jre-alpine']);
		expect(result.alpine.services.backend.build).toEqual({
			context: '.',
			dockerfile: 'backend.alpine.Dockerfile',
			args: {JRE_IMAGE: 'eclipse-temurin:21-jre-alpine'},
		});
		expect(result.file('dockerfile')!.path).toBe(path.join(fixtures, 'java-mariadb/backend.alpine.Dockerfile'));
		expect(result.file('dockerfile')!.content).toMatch(/apk add --no-cache curl/);
	});
});

describe('init on a stack of upstream images only', () => {
	const result = plan('upstream-only');
	it('maps by tag convention, recognises Alpine tags, keeps the rest with reasons', () => {
		expect(Object.fromEntries(Object.entries(result.decisions).map(([name, d]) => [name, `${d.status} ${d.to}`]))).toEqual({
			redis: 'mapped redis:7.2-alpine',
			postgres: 'mapped postgres:16-alpine',
			web: 'mapped nginx:alpine',
			httpd: 'mapped httpd:2.4-alpine',
			memcached: 'mapped memcached:1.6-alpine',
			rabbitmq: 'mapped rabbitmq:3.13-management-alpine',
			mysql: 'kept mysql:8.4',
			search: 'kept docker.elastic.co/elasticsearch/elasticsearch:8.14.1',
			node: 'already-alpine node:20-alpine',
			traefik: 'already-alpine traefik:v3.0',
			vendor: 'kept bitnami/redis:7.2',
		});
		for (const row of result.rows.filter(r => r.status === 'kept')) expect(row.reason).not.toBe('');
		expect(result.files.filter(f => f.role === 'dockerfile')).toEqual([]);
		expect(result.alpine.services.rabbitmq.image).toBe('rabbitmq:3.13-management-alpine');
		expect(result.alpine.services.mysql.image).toBe('mysql:8.4');
	});
});

describe('init plans again after writing, with the project it started with', () => {
	it('reads alpinist.config.json as it is on disk: one it wrote meanwhile is unchanged, not overwritten', async () => {
		const {cpSync, mkdtempSync, rmSync, writeFileSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-init-replan-'));
		try {
			cpSync(path.join(fixtures, 'go-postgres-nginx'), dir, {recursive: true});
			const project = discoverProject({dir});
			const model = readRegularModel(project, regularComposeFiles(project, [], {}));
			const rows = decideServices(model, project.config.imageSubstitutions);
			const first = planFiles({project, model, rows, accepted: () => true, force: false});
			const config = first.find(file => file.role === 'config')!;
			writeFileSync(config.path, config.content);
			expect(planFiles({project, model, rows, accepted: () => true, force: false}).find(file => file.role === 'config')).toBeUndefined();
			writeFileSync(config.path, '{broken');
			expect(() => planFiles({project, model, rows, accepted: () => true, force: false})).toThrow(/alpinist\.config\.json is not JSON/);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});
