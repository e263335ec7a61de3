/**
 * The sample stack's core path under each Compose version this machine has, v1 (`docker-compose`)
 * and v2 (`docker compose`), whichever one the rest of the suite runs with: migrate builds the
 * Alpine images, starts them, waits until healthy from the engine's events and verifies; the
 * service containers are listed by their version's names (v2 through `ps --format json`);
 * `down -v --rmi local` leaves nothing labelled with or named after the project.
 * A version that does not answer is skipped, saying why (scripts/compose-v2.sh installs v2);
 * ALPINIST_REQUIRE_COMPOSE_V2=1 makes a missing v2 a failure.
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

async function probe(command: string, args: string[]): Promise<string> {
	const result = await execa(command, args, {reject: false, timeout: 20_000, stdin: 'ignore'});
	return result.exitCode === 0 ? String(result.stdout).trim().replace(/^v/, '') : '';
}

const v2 = await probe('docker', ['compose', 'version', '--short']);
const v1 = await probe('docker-compose', ['version', '--short']);
const versions = [
	{
		cli: v2.startsWith('2.') ? ({version: 'v2', versionString: v2, command: 'docker', prefix: ['compose']} as ComposeCli) : undefined,
		label: 'v2',
		required: process.env.ALPINIST_REQUIRE_COMPOSE_V2 === '1',
		missing: '`docker compose version` does not answer 2.x on this machine: run scripts/compose-v2.sh to install Compose v2',
	},
	{
		cli: v1.startsWith('1.') ? ({version: 'v1', versionString: v1, command: 'docker-compose', prefix: []} as ComposeCli) : undefined,
		label: 'v1',
		required: false,
		missing: '`docker-compose version` does not answer 1.x on this machine (Debian 12: apt-get install docker-compose)',
	},
];
for (const {cli, required, missing} of versions) if (!cli && !required) console.warn(`compose-versions.test: skipped: ${missing}`);

const services = ['backend', 'auth', 'frontend'];

describe.each(versions.map(version => [version.label, version] as const))('Compose %s: the sample stack\'s core path (real engine)', (label, {cli, required, missing}) => {
	const name = `it-compose-${label}-${process.pid}`;
	const project = discoverProject({dir: repoRoot});
	project.name = name;
	project.projectNames = {regular: name, alpine: `${name}-alpine`, alpineTest: `${name}-alpine-test`};
	const alpine = project.projectNames.alpine;
	const names = composeNames(cli?.version ?? 'v2');
	const builtTags = services.map(service => `${names.image(alpine, service)}:latest`);
	const store = new DockerStore();
	const stateDir = mkdtempSync(path.join(tmpdir(), `alpinist-${name}-`));
	// The flows get this CLI whatever detectCompose would pick (ALPINIST_COMPOSE included).
	const context: FlowContext = {...createContext({project, store, stateDir}), compose: async () => cli!};
	const compose = () => composeFor(project, 'alpine', cli!);

	/** Everything of the project left on the engine: by the compose label, and built images by name. */
	async function leftovers() {
		const filters = {label: [`${composeLabels.project}=${alpine}`]};
		const [containers, volumes, networks, labelled, all] = await Promise.all([
			store.docker.listContainers({all: true, filters}),
			store.docker.listVolumes({filters}),
			store.docker.listNetworks({filters}),
			store.docker.listImages({filters}),
			store.docker.listImages(),
		]);
		return {
			containers: containers.map(container => container.Names.join(',')),
			volumes: (volumes.Volumes ?? []).map(volume => volume.Name),
			networks: networks.map(network => network.Name),
			images: [...labelled.flatMap(image => image.RepoTags ?? [image.Id]), ...all.flatMap(image => (image.RepoTags ?? []).filter(tag => builtTags.includes(tag)))],
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

	describe.skipIf(!cli && !required)(cli ? `${cli.command} ${cli.prefix.join(' ')} ${cli.versionString}`.replace(/\s+/g, ' ') : 'not installed', () => {
		it('answers', () => {
			expect(cli, missing).toBeDefined();
		});

		it('migrate builds, starts, waits healthy from the engine events and verifies', async () => {
			const {events, outcome} = await run(migrateFlow(context, {}));
			expect(outcome.summary).toMatch(/^Migrated/);
			expect(outcome.ok).toBe(true);
			for (const id of ['migrate.build', 'migrate.start', 'migrate.healthy']) expect(stepEnd(events, id)?.status, id).toBe('pass');
			expect(outcome.data!.images.map(image => image.image).sort()).toEqual([...builtTags].sort());

			// Build output reaches the log as plain lines naming the image: BuildKit's plain progress
			// (v2), the legacy builder's (v1). Only v2 labels built images with the project.
			const buildLines = events.flatMap(event => (event.type === 'log' && event.step === 'migrate.build' ? [event.line] : []));
			const backendImage = names.image(alpine, 'backend');
			const tagged = cli!.version === 'v2' ? `naming to docker.io/library/${backendImage}` : `Successfully tagged ${backendImage}:latest`;
			expect(buildLines.some(line => line.includes(tagged)), tagged).toBe(true);
			expect(buildLines.filter(line => line.includes('\u001B'))).toEqual([]);
			const labels = (await store.docker.getImage(backendImage).inspect()).Config.Labels ?? {};
			expect(labels[composeLabels.project]).toBe(cli!.version === 'v2' ? alpine : undefined);
			// The sample files carry no obsolete `version:` key: v2 has nothing to warn about.
			expect(events.flatMap(event => (event.type === 'log' && /obsolete/.test(event.line) ? [event.line] : []))).toEqual([]);

			const report = outcome.data!.verify!;
			expect(report.stack.services.map(service => [service.service, service.health]).sort()).toEqual(services.map(service => [service, 'healthy']).sort());
			expect(report.endpoints.map(endpoint => endpoint.status)).toEqual([200, 200, 200]);
			expect(report.smoke).toMatchObject({exitCode: 0, failed: 0});
		});

		it('lists each service container by its version\'s name, running and healthy', async () => {
			const rows = await compose().ps(store.docker);
			expect(rows.map(row => [row.service, row.name, row.state, row.health]).sort()).toEqual(services.map(service => [service, names.container(alpine, service), 'running', 'healthy']).sort());
			const ids = projectContainers(store.getSnapshot(), alpine).map(container => container.id);
			for (const row of rows) expect(ids.some(id => id.startsWith(row.id))).toBe(true);
			if (cli!.version === 'v2') {
				// Read from `ps --format json` (JSON Lines since 2.21), not from the engine's labels.
				const raw = await compose().run(['ps', '-a', '--format', 'json']);
				expect(raw.exitCode).toBe(0);
				expect(parsePsJson(raw.stdout)).toEqual(rows);
			}
		});

		it('down -v --rmi local leaves nothing labelled with or named after the project', async () => {
			expect((await leftovers()).containers).toHaveLength(3);
			const down = await compose().down({volumes: true, removeImages: 'local'});
			expect(down.exitCode, down.stderr).toBe(0);
			expect(await leftovers()).toEqual({containers: [], volumes: [], networks: [], images: []});
		});
	});
});
