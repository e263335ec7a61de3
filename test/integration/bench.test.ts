import Dockerode from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {benchProjectNames, capacityProjectName, teardown} from '../../source/flows/bench/engine.js';
import {benchFlow} from '../../source/flows/bench/run.js';
import {collect} from '../../source/flows/drain.js';
import type {BenchInput, BenchResult} from '../../source/flows/bench/types.js';
import type {FlowContext, FlowEvent, FlowOutcome} from '../../source/flows/types.js';
import {testContext} from '../helpers/context.js';

const docker = new Dockerode();

async function drive(context: FlowContext, input: BenchInput): Promise<{events: FlowEvent[]; outcome: FlowOutcome<BenchResult>}> {
	const {events, value} = await collect(benchFlow(context, input));
	return {events, outcome: value};
}

/** Everything the engine still holds under these compose project names. */
async function remaining(projectNames: string[]) {
	const label = (name: string) => ({label: [`com.docker.compose.project=${name}`]});
	const containers = (await Promise.all(projectNames.map(async name => docker.listContainers({all: true, filters: label(name)})))).flat();
	const volumes = (await Promise.all(projectNames.map(async name => (await docker.listVolumes({filters: label(name)})).Volumes ?? []))).flat();
	const networks = (await Promise.all(projectNames.map(async name => docker.listNetworks({filters: label(name)})))).flat();
	return {containers: containers.length, volumes: volumes.length, networks: networks.length};
}

describe('bench on the sample stack (one round, real engine)', () => {
	const harness = testContext('it-bench');
	const names = benchProjectNames(harness.project.name);
	const capacityNames = [1, 2].flatMap(copy => (['regular', 'alpine'] as const).map(variant => capacityProjectName(harness.project.name, variant, copy)));
	let result: BenchResult;
	let events: FlowEvent[];

	beforeAll(async () => {
		await harness.context.store.start();
		const run = await drive(harness.context, {runs: 1});
		events = run.events;
		if (!run.outcome.data) throw new Error(`the bench returned no result: ${run.outcome.summary}`);
		result = run.outcome.data;
	});

	afterAll(async () => {
		// Only if a test failed half-way: everything here is scoped to this file's project names.
		for (const name of [names.regular, names.alpine, ...capacityNames]) await teardown(harness.context, name, {removeImages: true}).catch(() => undefined);
		harness.cleanup();
	});

	it('ran regular then Alpine, both healthy and passing the smoke test', () => {
		expect(result.order).toEqual(['regular', 'alpine']);
		expect(result.samples.map(sample => [sample.variant, sample.ok, sample.error])).toEqual([
			['regular', true, undefined],
			['alpine', true, undefined],
		]);
		for (const sample of result.samples) {
			expect(sample.projectName).toBe(names[sample.variant]);
			expect(sample.smoke?.exitCode).toBe(0);
			expect(sample.smoke?.failed).toBe(0);
			expect(sample.smoke?.passed).toBeGreaterThan(0);
		}

		expect(result.ok).toBe(true);
		const steps = events.flatMap(event => (event.type === 'step' && event.status !== 'running' ? [event.id] : []));
		expect(steps).toEqual(['bench.build', 'bench.run.1.regular', 'bench.run.1.alpine']);
	});

	it('measured startup, memory and the smoke test with sane figures', () => {
		for (const sample of result.samples) {
			expect(sample.startupMs).toBeGreaterThan(0);
			// Timed by the health wait, which gives up at the project's health timeout.
			expect(sample.startupMs).toBeLessThanOrEqual(harness.project.config.healthTimeout);
			expect(Object.keys(sample.serviceStartupMs ?? {}).sort()).toEqual(['auth', 'backend', 'frontend']);
			expect(Math.max(...Object.values(sample.serviceStartupMs!))).toBeCloseTo(sample.startupMs!, 6);
			expect(sample.memoryBytes).toBeGreaterThan(0);
			expect(sample.memoryBytes).toBeLessThan(1e9);
			expect(sample.peakMemoryBytes).toBeGreaterThan(0);
			expect(sample.peakSamples).toBeGreaterThan(0);
			expect(sample.smoke!.durationMs).toBeGreaterThan(0);
		}
	});

	it('took the image sizes from the engine, and the regular images are larger than the Alpine ones', async () => {
		const [regular, alpine] = result.samples;
		for (const sample of result.samples) {
			expect(sample.images!.map(image => image.service)).toEqual(['auth', 'backend', 'frontend']);
			for (const image of sample.images!) {
				expect(image.bytes).toBeGreaterThan(0);
				// The images are removed with the bench stacks; the engine's own figure is what was recorded.
				expect(image.id).toMatch(/^sha256:[0-9a-f]{64}$/);
			}
		}

		for (const service of ['auth', 'backend', 'frontend']) {
			const size = (sample: typeof regular) => sample.images!.find(image => image.service === service)!.bytes;
			expect(size(regular)).toBeGreaterThan(size(alpine));
		}

		// The stack's footprint on disk: every distinct layer once.
		const total = result.rows.find(row => row.id === 'footprint')!;
		expect(total.regular!.median).toBeGreaterThan(total.alpine!.median);
		// The guide's image target is held against the backend image: its change is a reduction.
		const backend = result.rows.find(row => row.id === 'image.backend')!;
		expect(backend.change!.value).toBeGreaterThan(0);
		expect(backend.change!.value).toBeLessThan(1);
	});

	it('built a table with every headline figure, a target verdict and a method', () => {
		const primary = result.rows.filter(row => row.primary).map(row => row.id);
		// The guide's image target is held against the backend image (the sample has one).
		expect(primary).toEqual(['image.backend', 'startup', 'memory', 'smoke']);
		for (const row of result.rows) {
			expect(row.regular?.n).toBe(1);
			expect(row.alpine?.n).toBe(1);
			expect(row.method.length).toBeGreaterThan(20);
			if (row.target) expect(typeof row.target.pass).toBe('boolean');
		}

		expect(result.targets.map(target => target.id)).toEqual(['imageSize', 'startup', 'memory', 'testExecution', 'capacity']);
		expect(result.targets.find(target => target.id === 'imageSize')?.pass).toBe(true);
	});

	it('recorded the run in the history', () => {
		const history = harness.context.progress.history<{metrics: unknown[]; alpine: {startupMs: {median: number}}}>('bench');
		expect(history).toHaveLength(1);
		expect(history[0].metrics.length).toBe(result.rows.length);
		expect(history[0].alpine.startupMs.median).toBe(result.samples[1].startupMs);
	});

	it('left nothing behind under its own project names', async () => {
		expect(await remaining([names.regular, names.alpine])).toEqual({containers: 0, volumes: 0, networks: 0});
	});

	it('measures parallel capacity by starting copies side by side, then removes them', async () => {
		const run = await drive(harness.context, {runs: 0, capacity: true, max: 2, budget: 4e9});
		const capacity = run.outcome.data!.capacity!;
		for (const variant of ['alpine', 'regular'] as const) {
			const measured = capacity.variants[variant]!;
			expect(measured.error).toBeUndefined();
			expect(measured).toMatchObject({copies: 2, stoppedBy: 'max'});
			expect(measured.steps.map(step => step.copies)).toEqual([1, 2]);
			// Two stacks side by side use more memory than one.
			expect(measured.steps[1].totalBytes).toBeGreaterThan(measured.steps[0].totalBytes);
			expect(measured.perCopyBytes).toBeGreaterThan(0);
		}

		// Both reached --max: the 2× target cannot be judged from that.
		expect(run.outcome.data!.targets.find(target => target.id === 'capacity')?.note).toContain('inconclusive');
		expect(await remaining(capacityNames)).toEqual({containers: 0, volumes: 0, networks: 0});
	});
});
