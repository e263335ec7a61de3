/**
 * The sample stack's core path under Compose v2 (`docker compose`), whatever Compose the rest of
 * the suite runs with: migrate builds the Alpine images, starts them, waits until healthy from the
 * engine's events and verifies; `ps --format json` is parsed; `down -v --rmi local` leaves nothing
 * labelled with or named after the project. Skips, saying why, when `docker compose` does not
 * answer (scripts/compose-v2.sh installs it); ALPINIST_REQUIRE_COMPOSE_V2=1 makes that a failure.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type ComposeCli, composeNames, parsePsJson} from '../../source/docker/compose.js';
import {DockerStore} from '../../source/docker/store.js';
import {composeLabels} from '../../source/docker/parse.js';
import {createContext} from '../../source/flows/context.js';
import {migrateFlow} from '../../source/flows/migrate.js';
import {projectContainers} from '../../source/flows/stack.js';
import type {FlowContext} from '../../source/flows/types.js';
import {composeFor, discoverProject} from '../../source/project/discover.js';
import {repoRoot, run, stepEnd} from './stack-fixture.js';

async function composeV2(): Promise<ComposeCli | undefined> {
	const result = await execa('docker', ['compose', 'version', '--short'], {reject: false, timeout: 20_000, stdin: 'ignore'});
	const version = result.exitCode === 0 ? String(result.stdout).trim().replace(/^v/, '') : '';
	return version.startsWith('2.') ? {version: 'v2', versionString: version, command: 'docker', prefix: ['compose']} : undefined;
}

const cli = await composeV2();
const required = process.env.ALPINIST_REQUIRE_COMPOSE_V2 === '1';
const skipReason = '`docker compose version` does not answer 2.x on this machine: run scripts/compose-v2.sh to install Compose v2';
if (!cli && !required) console.warn(`compose-v2.test: skipped: ${skipReason}`);

const services = ['backend', 'auth', 'frontend'];
const name = `it-compose-v2-${process.pid}`;
const project = discoverProject({dir: repoRoot});
project.name = name;
project.projectNames = {regular: name, alpine: `${name}-alpine`, alpineTest: `${name}-alpine-test`};
const alpine = project.projectNames.alpine;
const names = composeNames('v2');
const store = new DockerStore();
const stateDir = mkdtempSync(path.join(tmpdir(), `alpinist-${name}-`));
// The flows get this v2 CLI whatever detectCompose would pick (ALPINIST_COMPOSE=v1 included).
const context: FlowContext = {...createContext({project, store, stateDir}), compose: async () => cli!};
const compose = () => composeFor(project, 'alpine', cli!);

/** Everything of the project left on the engine: by the compose label, and built images by v2's names. */
async function leftovers() {
	const filters = {label: [`${composeLabels.project}=${alpine}`]};
	const [containers, volumes, networks, labelled, all] = await Promise.all([
		store.docker.listContainers({all: true, filters}),
		store.docker.listVolumes({filters}),
		store.docker.listNetworks({filters}),
		store.docker.listImages({filters}),
		store.docker.listImages(),
	]);
	const builtTags = new Set(services.map(service => `${names.image(alpine, service)}:latest`));
	return {
		containers: containers.map(container => container.Names.join(',')),
		volumes: (volumes.Volumes ?? []).map(volume => volume.Name),
		networks: networks.map(network => network.Name),
		images: [...labelled.flatMap(image => image.RepoTags ?? [image.Id]), ...all.flatMap(image => (image.RepoTags ?? []).filter(tag => builtTags.has(tag)))],
	};
}

beforeAll(async () => {
	if (!cli) return;
	await store.start();
	expect(store.getSnapshot().status).toBe('ready');
});

afterAll(async () => {
	if (cli) await compose().down({volumes: true, removeImages: 'local'});
	store.stop();
	rmSync(stateDir, {recursive: true, force: true});
});

describe.skipIf(!cli && !required)(`Compose v2${cli ? ` ${cli.versionString}` : ''}: the sample stack's core path (real engine)`, () => {
	it('docker compose answers 2.x', () => {
		expect(cli, skipReason).toBeDefined();
	});

	it('migrate builds, starts, waits healthy from the engine events and verifies', async () => {
		const {events, outcome} = await run(migrateFlow(context, {}));
		expect(outcome.summary).toMatch(/^Migrated/);
		expect(outcome.ok).toBe(true);
		for (const id of ['migrate.build', 'migrate.start', 'migrate.healthy']) expect(stepEnd(events, id)?.status, id).toBe('pass');

		// v2 names built images proj-svc, and labels them with the project (v1 does neither).
		expect(outcome.data!.images.map(image => image.image).sort()).toEqual(services.map(service => `${names.image(alpine, service)}:latest`).sort());
		const labels = (await store.docker.getImage(names.image(alpine, 'backend')).inspect()).Config.Labels ?? {};
		expect(labels).toMatchObject({[composeLabels.project]: alpine, [composeLabels.service]: 'backend'});

		// BuildKit's output reaches the build log as plain lines: no escape sequences, the image named.
		const buildLines = events.flatMap(event => (event.type === 'log' && event.step === 'migrate.build' ? [event.line] : []));
		expect(buildLines.some(line => line.includes(`naming to docker.io/library/${names.image(alpine, 'backend')}`))).toBe(true);
		expect(buildLines.filter(line => line.includes('\u001B'))).toEqual([]);
		// The sample files carry no obsolete `version:`: v2 has nothing to warn about.
		const logs = events.flatMap(event => (event.type === 'log' ? [event.line] : []));
		expect(logs.filter(line => /obsolete/.test(line))).toEqual([]);

		const report = outcome.data!.verify!;
		expect(report.stack.services.map(service => [service.service, service.health]).sort()).toEqual(services.map(service => [service, 'healthy']).sort());
		expect(report.endpoints.map(endpoint => endpoint.status)).toEqual([200, 200, 200]);
		expect(report.smoke).toMatchObject({exitCode: 0, failed: 0});
	});

	it('ps --format json (JSON Lines) lists each service container by its v2 name, healthy', async () => {
		const raw = await compose().run(['ps', '-a', '--format', 'json']);
		expect(raw.exitCode).toBe(0);
		const rows = parsePsJson(raw.stdout);
		expect(rows.map(row => [row.service, row.name, row.state, row.health]).sort()).toEqual(services.map(service => [service, names.container(alpine, service), 'running', 'healthy']).sort());
		// The same containers the engine's events showed the store.
		const ids = projectContainers(store.getSnapshot(), alpine).map(container => container.id);
		for (const row of rows) expect(ids.some(id => id.startsWith(row.id))).toBe(true);
		expect(await compose().ps(store.docker)).toEqual(rows);
	});

	it('down -v --rmi local leaves nothing labelled with or named after the project', async () => {
		expect((await leftovers()).containers).toHaveLength(3);
		const down = await compose().down({volumes: true, removeImages: 'local'});
		expect(down.exitCode, down.stderr).toBe(0);
		expect(await leftovers()).toEqual({containers: [], volumes: [], networks: [], images: []});
	});
});
