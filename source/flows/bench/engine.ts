import {ComposeProject, type ComposeRun} from '../../docker/compose.js';
import type {Snapshot} from '../../docker/types.js';
import type {Variant} from '../../project/discover.js';
import {composeForVariant, projectContainers} from '../stack.js';
import type {FlowContext} from '../types.js';
import type {BenchVariant} from './types.js';

/**
 * The benchmark's own stacks: their compose project names (never the user's), host ports the
 * engine picks, teardown scoped to those names, and the memory peak watched from the stats stream.
 */

/** Compose project names of the bench stacks: distinct from the user's <name>, <name>-alpine, <name>-alpine-test. */
export function benchProjectNames(name: string): Record<BenchVariant, string> {
	return {regular: `${name}-bench-regular`, alpine: `${name}-bench-alpine`};
}

export function capacityProjectName(name: string, variant: BenchVariant, copy: number): string {
	return `${name}-bench-cap-${variant}-${copy}`;
}

/** Is this compose project one of the benchmark's (a round's stack or a capacity copy)? */
export function isBenchProject(name: string, projectName: string | undefined): boolean {
	if (!projectName) return false;
	const names = benchProjectNames(name);
	return projectName === names.regular || projectName === names.alpine || projectName.startsWith(`${name}-bench-cap-`);
}

/** Which compose file a bench project runs: rounds use the regular and Alpine files, capacity the test stack. */
export function composeVariantOf(name: string, projectName: string): Variant {
	if (projectName === benchProjectNames(name).regular || projectName.startsWith(`${name}-bench-cap-regular-`)) return 'regular';
	if (projectName.startsWith(`${name}-bench-cap-alpine-`)) return 'alpineTest';
	return 'alpine';
}

/**
 * Host ports for a bench stack: every published port set to 0, so the engine picks a free one
 * (no clash with the user's running stacks or with another copy). The sample stack reads
 * ALPINIST_<VARIANT>_<SERVICE>_PORT; ALPINIST_<SERVICE>_PORT is set as well for projects that use it.
 */
export function portEnv(variant: Variant, services: string[]): Record<string, string> {
	const env: Record<string, string> = {};
	const prefix = variant === 'regular' ? 'REGULAR' : 'ALPINE';
	for (const service of services) {
		const key = service.toUpperCase().replace(/[^A-Z0-9]/g, '_');
		env[`ALPINIST_${prefix}_${key}_PORT`] = '0';
		env[`ALPINIST_${key}_PORT`] = '0';
	}

	return env;
}

/** The same compose project with extra environment (the variables win over the inherited ones). */
export function withEnv(compose: ComposeProject, env: Record<string, string>): ComposeProject {
	return new ComposeProject({...compose.options, env: {...compose.options.env, ...env}});
}

export async function benchCompose(context: FlowContext, variant: Variant, projectName: string, services?: string[]): Promise<ComposeProject> {
	const compose = await composeForVariant(context, variant, projectName);
	return services ? withEnv(compose, portEnv(variant, services)) : compose;
}

/** Resolves once the store holds no container of the project (the engine's destroy events arrived). */
export async function waitGone(context: FlowContext, projectName: string, timeoutMs = 30_000): Promise<void> {
	await context.store
		.waitFor(snapshot => projectContainers(snapshot, projectName).length === 0, {timeoutMs})
		.catch(() => undefined);
}

/**
 * Removes a bench stack: containers, networks and its volumes (down -v), optionally the images it
 * built under its own name (--rmi local: only images without an explicit image: name, i.e. tagged
 * after this bench project). Never given the flow's signal: a cancelled bench still cleans up.
 */
export async function teardown(context: FlowContext, projectName: string, options: {removeImages?: boolean} = {}): Promise<ComposeRun> {
	const compose = await composeForVariant(context, composeVariantOf(context.project.name, projectName), projectName);
	const result = await compose.down({volumes: true, removeImages: options.removeImages ? 'local' : undefined});
	await waitGone(context, projectName);
	return result;
}

/** Bench projects that still have containers (an interrupted earlier bench). */
export function leftoverProjects(context: FlowContext, snapshot: Snapshot = context.store.getSnapshot()): string[] {
	const names = new Set<string>();
	for (const container of snapshot.containers) {
		if (isBenchProject(context.project.name, container.project)) names.add(container.project!);
	}

	return [...names].sort();
}

export type PeakWatch = {
	/** Stops watching; resolves with the highest summed memory seen and how many updates made it. */
	stop: (options?: {afterWallMs?: number}) => Promise<{peakBytes?: number; samples: number}>;
};

/**
 * Watches the engine's stats stream of these containers and keeps the highest sum of their latest
 * memory figures. Waits (briefly) for a first sample of each so the sum covers the whole stack; on
 * stop, waits for one sample per container taken after the given wall-clock time.
 */
export async function watchPeakMemory(context: FlowContext, ids: string[], firstSampleTimeoutMs = 5000): Promise<PeakWatch> {
	const {store} = context;
	const release = store.watchStats(ids);
	let peak: number | undefined;
	let samples = 0;
	let lastKey = '';
	const sample = () => {
		const stats = store.getSnapshot().stats;
		if (!ids.every(id => stats[id])) return;
		const key = ids.map(id => stats[id].readAt).join(',');
		if (key === lastKey) return;
		lastKey = key;
		samples++;
		const total = ids.reduce((sum, id) => sum + stats[id].memUsage, 0);
		peak = peak === undefined ? total : Math.max(peak, total);
	};

	const unsubscribe = store.subscribe(sample);
	await store.waitFor(snapshot => ids.every(id => snapshot.stats[id]), {timeoutMs: firstSampleTimeoutMs}).catch(() => undefined);
	sample();
	return {
		async stop(options = {}) {
			if (options.afterWallMs !== undefined) {
				const after = options.afterWallMs;
				await store.waitFor(snapshot => ids.every(id => (snapshot.stats[id]?.readAt ?? 0) >= after), {timeoutMs: 3000}).catch(() => undefined);
				sample();
			}

			unsubscribe();
			release();
			return {peakBytes: peak, samples};
		},
	};
}
