import type {Variant} from '../../project/discover.js';
import {measureStackFootprint} from '../footprint.js';
import {composeServices, healthEndpoints, imageSizes, measureMemory, projectContainers, runSmoke, waitHealthy} from '../stack.js';
import type {BaseEvent, FlowContext} from '../types.js';
import {benchCompose, teardown, watchPeakMemory} from './engine.js';
import type {BenchVariant, VariantSample} from './types.js';

export type RoundOptions = {
	run: number;
	variant: BenchVariant;
	composeVariant: Variant;
	projectName: string;
	/** The progress step this round reports under. */
	stepId: string;
	buildTime?: boolean;
	/** Keep the stack up afterwards (the capacity benchmark stacks copies); the caller tears it down. */
	keepUp?: boolean;
};

/** A stack that is up and healthy: what a caller needs to measure it further. */
export type UpStack = {ids: string[]; startupMs: number; serviceStartupMs: Record<string, number>};

/**
 * Starts a bench stack and times it until every service is healthy. The clock starts before
 * `compose up -d` (monotonic) and stops at the last health_status: healthy event the store applies.
 */
export async function startStack(
	context: FlowContext,
	options: {composeVariant: Variant; projectName: string},
): Promise<{ok: true; stack: UpStack} | {ok: false; error: string}> {
	const plain = await benchCompose(context, options.composeVariant, options.projectName);
	const services = await composeServices(plain);
	const compose = await benchCompose(context, options.composeVariant, options.projectName, services);
	// waitHealthy follows the store; it gets its own signal so a failed `up` can stop it at once.
	const waiting = new AbortController();
	const stopWaiting = () => waiting.abort();
	context.signal.addEventListener('abort', stopWaiting, {once: true});
	try {
		const started = performance.now();
		const health = waitHealthy({...context, signal: waiting.signal}, {projectName: options.projectName, services, startedAt: started});
		const up = await compose.up({signal: context.signal});
		if (up.exitCode !== 0) {
			waiting.abort();
			await health;
			return {ok: false, error: `compose up failed (exit ${up.exitCode}): ${up.stderr.trim().split('\n').slice(-3).join(' | ')}`};
		}

		const result = await health;
		if (!result.ok) {
			const {failure} = result;
			const detail = [...failure.healthOutput, ...failure.logs.slice(-3)].join(' | ');
			return {ok: false, error: `${failure.service} ${failure.reason}${failure.exitCode === undefined ? '' : ` (exit ${failure.exitCode})`}${detail ? `: ${detail}` : ''}`};
		}

		const serviceStartupMs: Record<string, number> = {};
		for (const service of result.services) serviceStartupMs[service.service] = service.readyAfterMs ?? 0;
		// Published ports and image ids come from inspect: re-read the containers once they are healthy.
		const containers = projectContainers(context.store.getSnapshot(), options.projectName);
		await Promise.all(containers.map(container => context.store.refreshContainer(container.id)));
		return {ok: true, stack: {ids: containers.map(container => container.id), startupMs: result.elapsedMs, serviceStartupMs}};
	} finally {
		context.signal.removeEventListener('abort', stopWaiting);
	}
}

/** Runs the smoke test against a healthy stack while watching its memory peak. */
export async function smokeWithPeak(context: FlowContext, projectName: string, onLine?: (line: string) => void) {
	const containers = projectContainers(context.store.getSnapshot(), projectName);
	const endpoints = await healthEndpoints(context, containers);
	const watch = await watchPeakMemory(context, containers.map(container => container.id));
	let smoke;
	try {
		smoke = await runSmoke(context, endpoints, {onLine});
	} catch (error) {
		await watch.stop();
		throw error;
	}

	const peak = await watch.stop({afterWallMs: Date.now()});
	return {smoke, peak, endpoints};
}

/**
 * One variant, one run: (build without cache), up, healthy, memory, image sizes, smoke test with
 * its memory peak, then down -v. Yields progress; returns the sample (ok false with the reason).
 */
export async function* measureRound(context: FlowContext, options: RoundOptions): AsyncGenerator<BaseEvent, VariantSample> {
	const {run, variant, projectName, stepId} = options;
	const sample: VariantSample = {run, variant, projectName, ok: false};
	const progress = (label: string): BaseEvent => ({type: 'progress', step: stepId, done: 0, label});
	try {
		if (options.buildTime) {
			yield progress('building without cache');
			const compose = await benchCompose(context, options.composeVariant, projectName);
			const build = await compose.build({noCache: true, signal: context.signal});
			if (build.exitCode !== 0) {
				sample.error = `compose build --no-cache failed (exit ${build.exitCode}): ${build.stderr.trim().split('\n').slice(-3).join(' | ')}`;
				return sample;
			}

			sample.buildMs = build.durationMs;
		}

		yield progress('starting, waiting for every service to be healthy');
		const started = await startStack(context, options);
		if (!started.ok) {
			sample.error = started.error;
			return sample;
		}

		sample.startupMs = started.stack.startupMs;
		sample.serviceStartupMs = started.stack.serviceStartupMs;
		const containers = projectContainers(context.store.getSnapshot(), projectName);
		yield progress('measuring memory and image sizes');
		const [memory, images] = await Promise.all([measureMemory(context, containers), imageSizes(context, containers)]);
		sample.memoryBytes = memory.total;
		sample.images = images;
		sample.footprint = (await measureStackFootprint(context, images)).disk;

		yield progress('running the smoke test');
		const logs: BaseEvent[] = [];
		const {smoke, peak} = await smokeWithPeak(context, projectName, line => logs.push({type: 'log', step: stepId, source: 'smoke', line}));
		yield* logs;
		sample.peakMemoryBytes = peak.peakBytes;
		sample.peakSamples = peak.samples;
		if (!smoke) {
			sample.error = 'the project has no smoke command (alpinist.config.json smoke.command)';
			return sample;
		}

		sample.smoke = {durationMs: smoke.durationMs, passed: smoke.passed, failed: smoke.failed, exitCode: smoke.exitCode};
		if (smoke.exitCode !== 0 || smoke.failed > 0) {
			sample.error = `smoke test failed: ${smoke.passed} passed, ${smoke.failed} failed (exit ${smoke.exitCode})`;
			return sample;
		}

		sample.ok = true;
		return sample;
	} catch (error) {
		sample.error = process.env.ALPINIST_DEBUG ? String((error as Error).stack) : (error as Error).message;
		return sample;
	} finally {
		if (!options.keepUp) {
			yield progress('removing the stack (down -v)');
			await teardown(context, projectName);
		}
	}
}
