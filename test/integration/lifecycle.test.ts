/**
 * up / down / restart / clean on the real engine, for the variant chosen by flag, USE_ALPINE or
 * the project's default; verify on whichever variant is up.
 */
import {describe, expect, it} from 'vitest';
import {cleanFlow, cleanTargets, downFlow, restartFlow, upFlow} from '../../source/flows/lifecycle.js';
import {projectContainers, runningVariants} from '../../source/flows/stack.js';
import {verifyFlow} from '../../source/flows/verify/verify.js';
import {messages, run, stepEnd, useSampleFixture} from './stack-fixture.js';

const fixture = useSampleFixture(`it-lifecycle-${process.pid}`);
const {regular, alpine} = fixture.project.projectNames;
const volumeOf = (projectName: string) => `volume ${projectName}_backend-data (its data is deleted)`;

describe('lifecycle commands (sample stack, real engine)', () => {
	it('up --no-alpine builds what is missing, starts the regular stack and waits until healthy', async () => {
		const context = fixture.context();
		const {events, outcome} = await run(upFlow(context, {alpine: false, env: {USE_ALPINE: 'true'}}));
		expect(outcome.ok).toBe(true);
		expect(outcome.data).toMatchObject({variant: 'regular', projectName: regular, choice: '--no-alpine'});
		expect(stepEnd(events, 'up.regular.healthy')?.status).toBe('pass');
		expect(outcome.data!.startupMs).toBeGreaterThan(0);
		expect(context.progress.step('up.regular.healthy')?.data).toMatchObject({projectName: regular, startupMs: outcome.data!.startupMs});
		expect(runningVariants(context)).toEqual(['regular']);
	});

	it('up on a healthy stack changes nothing', async () => {
		const before = projectContainers(fixture.store.getSnapshot(), regular).map(c => c.id).sort();
		const {outcome} = await run(upFlow(fixture.context(), {alpine: false}));
		expect(outcome).toMatchObject({ok: true, data: {alreadyUp: true}});
		expect(projectContainers(fixture.store.getSnapshot(), regular).map(c => c.id).sort()).toEqual(before);
	});

	it('verify measures the regular stack without holding it to the Alpine expectations', async () => {
		const {outcome} = await run(verifyFlow(fixture.context(), {env: {}}));
		expect(outcome.ok).toBe(true);
		expect(outcome.data!.variant).toBe('regular');
		const startup = outcome.data!.measurements.find(row => row.name === 'startup')!;
		expect(startup.value).toBeGreaterThan(0);
		expect(startup.status).toBe('skip');
		console.log(
			`[measured] sample stack, regular variant, 1 run: ${outcome.data!.measurements.map(row => `${row.name} ${row.value === undefined ? '–' : Math.round(row.value)}${row.unit === 'ms' ? ' ms' : ' B'}`).join(', ')}`,
		);
	});

	it('USE_ALPINE=true restart stops the regular stack and brings up the Alpine one', async () => {
		const context = fixture.context();
		const {events, outcome} = await run(restartFlow(context, {env: {USE_ALPINE: 'true'}}));
		expect(outcome.ok).toBe(true);
		expect(outcome.data).toMatchObject({variant: 'alpine', choice: 'USE_ALPINE=true', stopped: [regular]});
		expect(stepEnd(events, 'down.regular')?.status).toBe('pass');
		expect(stepEnd(events, 'up.alpine.healthy')?.status).toBe('pass');
		expect(runningVariants(context)).toEqual(['alpine']);
	});

	it('down without a choice stops every variant that has containers, keeping volumes', async () => {
		const context = fixture.context();
		const {outcome} = await run(downFlow(context, {env: {}}));
		expect(outcome).toMatchObject({ok: true, data: {stopped: [alpine]}});
		expect(projectContainers(fixture.store.getSnapshot(), alpine)).toHaveLength(0);
		expect(await cleanTargets(context, alpine)).toEqual([volumeOf(alpine)]);
		const again = await run(downFlow(context, {env: {}}));
		expect(again.outcome.summary).toBe('Nothing of this project is running.');
	});

	it('clean lists what it removes, removes nothing on --dry-run or without a yes, and removes it with one', async () => {
		const asked: string[][] = [];
		const dry = await run(cleanFlow(fixture.context({dryRun: true}), {alpine: true}));
		expect(dry.outcome.ok).toBe(true);
		expect(messages(dry.events)).toContain(`dry run: would remove ${volumeOf(alpine)}`);
		expect(await cleanTargets(fixture.context(), alpine)).toHaveLength(1);

		const refused = await run(cleanFlow(fixture.context({confirm: async question => (asked.push(question.items), false)}), {alpine: true}));
		expect(refused.outcome).toMatchObject({ok: false, exitCode: 1});
		expect(asked[0][0]).toBe(volumeOf(alpine));
		expect(await cleanTargets(fixture.context(), alpine)).toHaveLength(1);

		const done = await run(cleanFlow(fixture.context({confirm: async () => true}), {env: {USE_ALPINE: 'yes'}}));
		expect(done.outcome).toMatchObject({ok: true, data: {variant: 'alpine', removed: [volumeOf(alpine)]}});
		expect(await cleanTargets(fixture.context(), alpine)).toEqual([]);
		// The regular variant's volume was not touched.
		expect(await cleanTargets(fixture.context(), regular)).toEqual([volumeOf(regular)]);
	});
});
