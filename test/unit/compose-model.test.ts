/**
 * The compose reader on each shape (several -f files, include, extends, profiles, args, targets),
 * what it keeps as written for the Alpine file, and the errors it gives; image substitutions.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {decideImage, substitute, upstreamOf} from '../../source/flows/init/images.js';
import {mergeServices} from '../../source/project/compose-model/merge.js';
import {loadComposeModel} from '../../source/project/compose-model/model.js';
import {ComposeFileError} from '../../source/project/compose-model/yaml-file.js';
import {repoRoot} from '../helpers/context.js';

const fixtures = path.join(repoRoot, 'test/fixtures/compose-model');
const load = (files: string[], options: {profiles?: string[]; processEnv?: NodeJS.ProcessEnv} = {}) =>
	loadComposeModel({files: files.map(file => path.join(fixtures, file)), processEnv: options.processEnv ?? {}, profiles: options.profiles});
const service = (model: ReturnType<typeof load>, name: string) => model.services.find(s => s.name === name)!;

describe('the compose model', () => {
	it('merges several -f files in order: images replaced, environment by key, ports by what they publish', () => {
		const model = load(['several-files/docker-compose.yml', 'several-files/docker-compose.override.yml']);
		expect(model.services.map(s => s.name)).toEqual(['web', 'db', 'cache']);
		expect(service(model, 'db').image).toBe('postgres:16');
		const web = service(model, 'web');
		expect(web.image).toBe('example/web:1.0');
		expect(web.build).toMatchObject({context: path.join(fixtures, 'several-files/web'), dockerfileName: 'Dockerfile', args: {BASE: 'debian:bookworm-slim'}});
		expect(web.source.definition.environment).toEqual({MODE: 'regular', LEVEL: 'debug'});
		expect(web.source.definition.ports).toEqual(['8080:80', '9090:90']);
		// Kept as written for the Alpine file.
		expect(web.source.definition.image).toBe('example/web:${WEB_TAG:-1.0}');
	});

	it('includes projects with their own directory and .env; their paths said from the including project', () => {
		const model = load(['include/compose.yaml']);
		expect(model.services.map(s => `${s.name} ${s.image ?? 'build'}`)).toEqual(['db postgres:16.3', 'cache redis:7.2', 'api build']);
		expect(service(model, 'db').source.definition.volumes).toEqual(['./db/init:/docker-entrypoint-initdb.d:ro']);
		expect(service(model, 'db').source.definition.env_file).toBe('./db/db.env');
		expect(model.sources.map(file => path.relative(fixtures, file))).toEqual(['include/compose.yaml', 'include/db/compose.yaml', 'include/cache/compose.yaml']);
	});

	it('applies extends from another file (its build context rebased) and from the same file', () => {
		const model = load(['extends/compose.yaml']);
		const worker = service(model, 'worker');
		expect(worker.build).toMatchObject({context: path.join(fixtures, 'extends/app'), target: 'runtime'});
		expect(worker.source.definition).toMatchObject({command: ['worker'], environment: {ROLE: 'worker', SHARED: 'yes'}});
		expect(worker.source.definition.extends).toBeUndefined();
		expect(service(model, 'web')).toMatchObject({image: 'node:20-bookworm'});
		expect(service(model, 'web').source.definition.ports).toEqual(['8000:8000']);
	});

	it('marks services by profile: active without profiles, or with one enabled (COMPOSE_PROFILES or given)', () => {
		const active = (model: ReturnType<typeof load>) => model.services.filter(s => s.active).map(s => s.name);
		expect(active(load(['profiles/compose.yaml']))).toEqual(['app']);
		expect(active(load(['profiles/compose.yaml'], {profiles: ['debug']}))).toEqual(['app', 'debug']);
		expect(active(load(['profiles/compose.yaml'], {processEnv: {COMPOSE_PROFILES: 'all'}}))).toEqual(['app', 'docs']);
		expect(service(load(['profiles/compose.yaml']), 'docs').profiles).toEqual(['docs', 'all']);
	});

	it('reads build args (list form, .env values, a bare KEY from the environment) and targets', () => {
		const model = load(['args-targets/compose.yaml']);
		expect(model.name).toBe('shop');
		expect(service(model, 'app').build).toMatchObject({dockerfileName: 'app.Dockerfile', target: 'prod', args: {PYTHON_IMAGE: 'python:3.12-slim', APP_VERSION: '2.1'}});
		expect(service(model, 'short').build).toMatchObject({context: path.join(fixtures, 'args-targets/app'), dockerfileName: 'Dockerfile'});
		const shell = load(['args-targets/compose.yaml'], {processEnv: {APP_TARGET: 'dev', PYTHON_IMAGE: 'python:3.13'}});
		expect(service(shell, 'app').build).toMatchObject({target: 'dev', args: {PYTHON_IMAGE: 'python:3.13'}});
	});

	it('merges the way compose does: command replaced, key=value lists as mappings, volumes by target', () => {
		expect(mergeServices({command: ['a', 'b'], environment: ['A=1', 'B=2'], volumes: ['x:/data', './c:/conf']}, {command: ['c'], environment: {B: '3'}, volumes: ['y:/data']})).toEqual({
			command: ['c'],
			environment: {A: '1', B: '3'},
			volumes: ['y:/data', './c:/conf'],
		});
	});
});

describe('compose files that do not parse', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-compose-bad-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));
	const error = (text: string, name = 'compose.yaml') => {
		writeFileSync(path.join(dir, name), text);
		try {
			loadComposeModel({files: [path.join(dir, name)], processEnv: {}});
		} catch (caught) {
			return caught as ComposeFileError;
		}

		throw new Error('no error');
	};

	it('names the file and the line', () => {
		const bad = error('services:\n  web:\n    image: nginx\n   ports: [80]\n');
		expect(bad).toBeInstanceOf(ComposeFileError);
		expect(bad.line).toBe(4);
		expect(bad.message).toMatch(new RegExp(`^${path.join(dir, 'compose.yaml').replace(/[.]/g, '\\.')}:4:\\d+: `));
	});

	it('refuses a service that is not a mapping, an extends to nowhere, an include cycle', () => {
		expect(error('services:\n  web: nginx\n').message).toMatch(/compose\.yaml:2: services\.web must be a mapping/);
		expect(error('services:\n  web:\n    extends: base\n').message).toMatch(/compose\.yaml:2: services\.web extends base, which compose\.yaml does not define/);
		writeFileSync(path.join(dir, 'b.yaml'), 'include: [a.yaml]\nservices: {}\n');
		expect(error('include: [b.yaml]\nservices: {}\n', 'a.yaml').message).toMatch(/included in a cycle: a\.yaml → b\.yaml → a\.yaml/);
	});
});

describe('image substitutions', () => {
	const substitutions = {'alpine:3.20': 'alpinist-base/musl:busybox', 'debian:bookworm-slim': 'alpinist-base/debian:bookworm', 'docker.io/library/': 'mirror.local:5000/library/'};
	it('name a local copy of an upstream image, by image or by prefix', () => {
		expect(substitute('alpine:3.20', substitutions)).toBe('alpinist-base/musl:busybox');
		expect(substitute('docker.io/library/alpine:3.20', substitutions)).toBe('alpinist-base/musl:busybox');
		expect(substitute('postgres:16-alpine', substitutions)).toBe('mirror.local:5000/library/postgres:16-alpine');
		expect(substitute('ghcr.io/x/y:1', substitutions)).toBeUndefined();
		expect(upstreamOf('alpinist-base/debian:bookworm', substitutions)).toBe('debian:bookworm-slim');
		expect(upstreamOf('mirror.local:5000/library/postgres:16', substitutions)).toBe('docker.io/library/postgres:16');
	});

	it('a local copy is mapped as its upstream, and the Alpine image chosen is written as its local copy', () => {
		expect(decideImage('alpinist-base/debian:bookworm', substitutions)).toMatchObject({status: 'mapped', to: 'alpinist-base/musl:busybox', upstream: 'alpine:3.20'});
		expect(decideImage('mirror.local:5000/library/redis:7.2', substitutions)).toMatchObject({status: 'mapped', to: 'mirror.local:5000/library/redis:7.2-alpine'});
		expect(decideImage('alpinist-base/debian:bookworm')).toMatchObject({status: 'kept'});
	});
});
