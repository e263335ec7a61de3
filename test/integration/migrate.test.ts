/**
 * `migrate` end to end on the real engine: the sample stack's Alpine variant is enabled, built,
 * started, waited on until healthy (from health_status events) and verified; a second run skips
 * what is done and verifies again; `verify` on its own finds the startup this run measured.
 */
import {describe, expect, it} from 'vitest';
import {formatMB, formatMs} from '../../source/format.js';
import {migrateFlow} from '../../source/flows/migrate.js';
import {projectContainers} from '../../source/flows/stack.js';
import {verifyFlow} from '../../source/flows/verify/verify.js';
import {messages, run, stepEnd, useSampleFixture} from './stack-fixture.js';

const fixture = useSampleFixture(`it-migrate-${process.pid}`);
const alpine = fixture.project.projectNames.alpine;

describe('migrate (sample stack, real engine)', () => {
	it('enables Alpine, builds, starts, waits healthy and verifies', async () => {
		const context = fixture.context();
		const {events, outcome} = await run(migrateFlow(context, {}));
		expect(outcome.summary).toMatch(/^Migrated/);
		expect(outcome.ok).toBe(true);
		for (const id of ['migrate.enable', 'migrate.build', 'migrate.start', 'migrate.healthy']) expect(stepEnd(events, id)?.status, id).toBe('pass');
		expect(['pass', 'warn']).toContain(stepEnd(events, 'migrate.verify')?.status);

		// Each image's size is reported as it is built, with the build output streamed per service.
		const built = events.flatMap(event => (event.type === 'data' && event.kind === 'image' ? [event.data.service] : []));
		expect(built.sort()).toEqual(['auth', 'backend', 'frontend']);
		expect(events.some(event => event.type === 'log' && event.step === 'migrate.build' && event.source === 'backend')).toBe(true);

		const report = outcome.data!.verify!;
		expect(report.stack.services.every(service => service.health === 'healthy')).toBe(true);
		expect(report.endpoints.map(endpoint => [endpoint.service, endpoint.status])).toEqual([
			['auth', 200],
			['backend', 200],
			['frontend', 200],
		]);
		expect(report.smoke).toMatchObject({exitCode: 0, failed: 0});
		expect(report.smoke!.passed).toBeGreaterThan(0);

		const startup = outcome.data!.startupMs!;
		expect(startup).toBeGreaterThan(0);
		expect(report.memory!.total).toBeGreaterThan(0);
		expect(report.memory!.containers).toHaveLength(3);
		expect(report.images).toHaveLength(3);
		expect(report.measurements.find(row => row.name === 'image backend')).toMatchObject({expected: 186e6, status: 'pass'});

		// Recorded: each step, the figures in the verify step's data, and Alpine as the default.
		const progress = context.progress;
		expect(progress.step('migrate.build')?.status).toBe('pass');
		expect(progress.step('migrate.verify')?.data).toMatchObject({startupMs: startup, memoryBytes: report.memory!.total});
		expect(progress.get().defaultVariant).toBe('alpine');
		console.log(
			`[measured] sample stack, Alpine variant, 1 run: startup ${formatMs(startup)} (${Math.round(startup)} ms, compose up → last healthy), ` +
				`memory ${formatMB(report.memory!.total)} (${report.memory!.total} B over ${report.memory!.containers.length} containers), ` +
				`images ${report.images.map(image => `${image.service} ${formatMB(image.bytes)} (${image.bytes} B)`).join(', ')}`,
		);
	});

	it('a second run skips what is done, says so, and verifies again', async () => {
		const before = projectContainers(fixture.store.getSnapshot(), alpine).map(container => container.id).sort();
		const {events, outcome} = await run(migrateFlow(fixture.context(), {}));
		expect(outcome.ok).toBe(true);
		for (const id of ['migrate.enable', 'migrate.build', 'migrate.start', 'migrate.healthy']) expect(stepEnd(events, id)?.status, id).toBe('skip');
		expect(messages(events).join('\n')).toMatch(/still in the engine: going on to start/);
		expect(messages(events).join('\n')).toMatch(/already up and healthy: no start needed/);
		// Same containers: nothing was restarted, and the startup measured then is reused.
		expect(projectContainers(fixture.store.getSnapshot(), alpine).map(container => container.id).sort()).toEqual(before);
		expect(outcome.data!.verify!.measurements.find(row => row.name === 'startup')?.note).toMatch(/measured when these containers were started/);
	});

	it('verify on its own picks the Alpine stack that is up', async () => {
		const {outcome} = await run(verifyFlow(fixture.context(), {env: {}}));
		expect(outcome.ok).toBe(true);
		expect(outcome.data).toMatchObject({variant: 'alpine', projectName: alpine});
		expect(outcome.data!.measurements.find(row => row.name === 'startup')?.value).toBeGreaterThan(0);
	});
});
