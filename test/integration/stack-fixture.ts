/**
 * The bundled sample project under a unique compose project name, for integration tests on the
 * real engine: host ports 0 (the engine picks free ones), a temporary progress store, one shared
 * store, cleanup of everything the name labels (containers, networks, volumes, built images).
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, expect} from 'vitest';
import {detectCompose} from '../../source/docker/compose.js';
import {DockerStore} from '../../source/docker/store.js';
import {createContext} from '../../source/flows/context.js';
import {collect} from '../../source/flows/drain.js';
import type {FlowContext, FlowEvent, FlowOutcome} from '../../source/flows/types.js';
import {composeFor, discoverProject, type Project, variants} from '../../source/project/discover.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Every published port of both variants: 0 = a free port chosen by the engine.
for (const variant of ['REGULAR', 'ALPINE']) for (const service of ['BACKEND', 'AUTH', 'FRONTEND']) process.env[`ALPINIST_${variant}_${service}_PORT`] = '0';
process.env.ALPINIST_PUBLISH_IP = '127.0.0.1';
delete process.env.USE_ALPINE;

export type Fixture = {
	project: Project;
	store: DockerStore;
	stateDir: string;
	context: (options?: {signal?: AbortSignal; confirm?: FlowContext['confirm']; dryRun?: boolean}) => FlowContext;
	cleanup: () => Promise<void>;
};

export function sampleFixture(name: string, options: {alpineFile?: string} = {}): Fixture {
	const project = discoverProject({dir: repoRoot});
	project.name = name;
	project.projectNames = {regular: name, alpine: `${name}-alpine`, alpineTest: `${name}-alpine-test`};
	if (options.alpineFile) project.compose = {...project.compose, alpine: path.join(repoRoot, options.alpineFile)};
	const store = new DockerStore();
	const stateDir = mkdtempSync(path.join(tmpdir(), `alpinist-${name}-`));
	return {
		project,
		store,
		stateDir,
		context: (extra = {}) => createContext({project, store, stateDir, ...extra}),
		async cleanup() {
			const cli = await detectCompose();
			if (cli) {
				for (const variant of variants) {
					if (!project.compose[variant]) continue;
					await composeFor(project, variant, cli).down({volumes: true, removeImages: 'local'});
				}
			}

			store.stop();
			rmSync(stateDir, {recursive: true, force: true});
		},
	};
}

/** sampleFixture for a whole test file: its store started (and ready) before the tests, everything cleaned after. */
export function useSampleFixture(name: string, options: {alpineFile?: string} = {}): Fixture {
	const fixture = sampleFixture(name, options);
	beforeAll(async () => {
		await fixture.store.start();
		expect(fixture.store.getSnapshot().status).toBe('ready');
	});
	afterAll(async () => {
		await fixture.cleanup();
	});
	return fixture;
}

export type Run<T, E extends FlowEvent = FlowEvent> = {events: E[]; outcome: FlowOutcome<T>};

/** Runs a flow to its end; `onEvent` may react (e.g. abort) as events arrive. */
export async function run<T, E extends FlowEvent>(generator: AsyncGenerator<E, FlowOutcome<T>, void>, onEvent?: (event: E) => void): Promise<Run<T, E>> {
	const {events, value} = await collect(generator, onEvent);
	return {events, outcome: value};
}

export const stepEnd = (events: FlowEvent[], id: string) =>
	events.find((event): event is Extract<FlowEvent, {type: 'step'}> => event.type === 'step' && event.id === id && event.status !== 'running');

export const messages = (events: FlowEvent[]) => events.flatMap(event => (event.type === 'message' ? [event.text] : []));
