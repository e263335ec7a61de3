/**
 * Resuming `migrate` on the real engine: a run interrupted right after the build (its abort signal
 * fired as the build step ended) is resumed by the next run, which skips the build and brings the
 * stack up healthy; a crash-style state (the start step still recorded `running`, the stack only
 * part-way up) is reported by the next run, which then finishes; an interrupt during the start
 * (the frontend's host port held, so the frontend cannot run) reports the stack half-started.
 */
import net from 'node:net';
import {describe, expect, it} from 'vitest';
import {detectCompose} from '../../source/docker/compose.js';
import {type MigrateData, type MigrateEvent, migrateFlow} from '../../source/flows/migrate.js';
import {projectContainers} from '../../source/flows/stack.js';
import {composeFor} from '../../source/project/discover.js';
import {messages, type Run, run, stepEnd, useSampleFixture} from './stack-fixture.js';

const fixture = useSampleFixture(`it-migrate-resume-${process.pid}`);
const alpine = fixture.project.projectNames.alpine;

describe('migrate resumes (sample stack, real engine)', () => {
	it('Ctrl+C right after the build: the next run skips the build and comes up healthy', async () => {
		const controller = new AbortController();
		const first = await run(migrateFlow(fixture.context({signal: controller.signal}), {}), event => {
			if (event.type === 'step' && event.id === 'migrate.build' && event.status === 'pass') controller.abort(new Error('interrupted'));
		});
		expect(first.outcome).toMatchObject({ok: false, exitCode: 130});
		expect(first.outcome.summary).toMatch(/Interrupted after: Build Alpine images/);
		expect(stepEnd(first.events, 'migrate.start')).toBeUndefined();
		expect(fixture.context().progress.step('migrate.build')?.status).toBe('pass');
		expect(projectContainers(fixture.store.getSnapshot(), alpine)).toHaveLength(0);
		expect(messages(first.events).join('\n')).toMatch(/No container of .* is running/);

		const second = await run(migrateFlow(fixture.context(), {}));
		expect(second.outcome.ok).toBe(true);
		expect(stepEnd(second.events, 'migrate.build')?.status).toBe('skip');
		expect(messages(second.events).join('\n')).toMatch(/still in the engine: going on to start/);
		expect(second.events.some(event => event.type === 'log' && event.step === 'migrate.build')).toBe(false);
		expect(stepEnd(second.events, 'migrate.start')?.status).toBe('pass');
		expect(stepEnd(second.events, 'migrate.healthy')?.status).toBe('pass');
		expect(second.outcome.data!.verify!.stack.healthy).toBe(true);
	});

	it('a crash mid-start (record still running, stack part-way up) is reported, then finished', async () => {
		const cli = (await detectCompose())!;
		const compose = composeFor(fixture.project, 'alpine', cli);
		// The state a killed run leaves: the start step recorded running, only the backend created and started.
		expect((await compose.down()).exitCode).toBe(0);
		await fixture.store.waitFor(snapshot => projectContainers(snapshot, alpine).length === 0, {timeoutMs: 30_000});
		fixture.context().progress.recordStep('migrate.start', {status: 'running'});
		expect((await compose.up({services: ['backend']})).exitCode).toBe(0);
		await fixture.store.waitFor(snapshot => projectContainers(snapshot, alpine).some(container => container.service === 'backend'), {timeoutMs: 30_000});

		const {events, outcome} = await run(migrateFlow(fixture.context(), {}));
		const said = messages(events).join('\n');
		expect(said).toMatch(/Start the Alpine stack was still running when the last run ended/);
		expect(said).toMatch(new RegExp(`Found the Alpine stack ${alpine} half-started: .*auth missing.*frontend missing`));
		expect(outcome.data!.interrupted).toMatchObject({id: 'migrate.start', status: 'running'});
		expect(outcome.data!.halfStarted?.half).toBe(true);
		expect(stepEnd(events, 'migrate.build')?.status).toBe('skip');
		expect(stepEnd(events, 'migrate.start')?.status).toBe('pass');
		expect(outcome.ok).toBe(true);
		expect(outcome.data!.verify!.stack.services.map(service => service.health)).toEqual(['healthy', 'healthy', 'healthy']);
		expect(fixture.context().progress.step('migrate.start')?.status).toBe('pass');
	});

	it('Ctrl+C during the start reports the state the stack is left in, as the engine has it', async () => {
		const cli = (await detectCompose())!;
		expect((await composeFor(fixture.project, 'alpine', cli).down()).exitCode).toBe(0);
		await fixture.store.waitFor(snapshot => projectContainers(snapshot, alpine).length === 0, {timeoutMs: 30_000});
		// The frontend's host port held by this process: the frontend cannot run, so once the first
		// container exists the stack can only be half-started, whenever the interrupt lands.
		const holder = net.createServer();
		await new Promise<void>(resolve => holder.listen(0, '127.0.0.1', resolve));
		process.env.ALPINIST_ALPINE_FRONTEND_PORT = String((holder.address() as net.AddressInfo).port);
		const controller = new AbortController();
		let interruptedRun: Run<MigrateData, MigrateEvent>;
		try {
			interruptedRun = await run(migrateFlow(fixture.context({signal: controller.signal}), {}), event => {
				// The first container the engine creates for the project: compose is part-way through `up`.
				if (event.type === 'data' && event.kind === 'health' && event.data.some(service => service.state !== 'missing')) controller.abort();
			});
		} finally {
			process.env.ALPINIST_ALPINE_FRONTEND_PORT = '0';
			await new Promise(resolve => holder.close(resolve));
		}

		const {events, outcome} = interruptedRun;
		expect(outcome).toMatchObject({ok: false, exitCode: 130});
		expect(fixture.context().progress.step('migrate.start')?.status).toBe('interrupted');
		const stack = outcome.data!.stack!;
		expect(stack).toMatchObject({empty: false, healthy: false, half: true});
		expect(stack.services.find(service => service.service === 'frontend')?.ready).toBe(false);
		expect(messages(events).join('\n')).toMatch(new RegExp(`${alpine} is left half-started: .*alpinist migrate\` resumes`));

		const next = await run(migrateFlow(fixture.context(), {}));
		expect(messages(next.events).join('\n')).toMatch(/Start the Alpine stack was interrupted/);
		expect(next.outcome.ok).toBe(true);
	});

	it('images recorded as built but removed from the engine are built again', async () => {
		const cli = (await detectCompose())!;
		expect((await composeFor(fixture.project, 'alpine', cli).down({removeImages: 'local'})).exitCode).toBe(0);
		const {events, outcome} = await run(migrateFlow(fixture.context(), {}));
		expect(messages(events).join('\n')).toMatch(/gone from the engine or were replaced \(auth, backend, frontend\): building again/);
		expect(stepEnd(events, 'migrate.build')?.status).toBe('pass');
		expect(outcome.ok).toBe(true);
	});
});
