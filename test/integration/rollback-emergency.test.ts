// Emergency rollback of the sample stack on the real engine: the Alpine stack runs, the flow stops
// it, starts the regular one, waits for health from the engine's events and verifies. Also: the
// dry run and a missing confirmation change nothing, and an interrupted rollback resumes.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {composeNames} from '../../source/docker/compose.js';
import {rollbackFlow} from '../../source/flows/rollback/index.js';
import {pendingRollback} from '../../source/flows/rollback/journal.js';
import {composeForVariant, projectContainers} from '../../source/flows/stack.js';
import {derivePhases} from '../../source/project/phases.js';
import {docker} from '../helpers/containers.js';
import {testContext} from '../helpers/context.js';
import {drain, finalSteps, recordingConfirm, regularBuiltAlpineUp, removeProjects, upHealthy, useFreePorts} from '../helpers/rollback.js';

useFreePorts();
const confirmations = recordingConfirm();
const {questions} = confirmations;
const setup = testContext('it-rb-emergency', {confirm: confirmations.confirm});
const {context, project} = setup;
const alpine = project.projectNames.alpine;
const regular = project.projectNames.regular;
// Container names differ between Compose v1 (`proj_svc_1`) and v2 (`proj-svc-1`).
let names: ReturnType<typeof composeNames>;
const running = (name: string) => projectContainers(context.store.getSnapshot(), name).filter(container => container.state === 'running');

beforeAll(async () => {
	// The regular images exist before an emergency: they are what the team ran before migrating.
	names = await regularBuiltAlpineUp(context);
});

afterAll(async () => {
	await removeProjects(context, docker, project.name);
	setup.cleanup();
});

describe('emergency rollback (sample stack, real engine)', () => {
	it('--dry-run lists the Alpine containers it would stop and changes nothing', async () => {
		const {outcome, events} = await drain(rollbackFlow, {...context, dryRun: true}, {mode: 'emergency'});
		expect(outcome.ok).toBe(true);
		const plan = events.find(event => event.type === 'step' && event.id === 'plan' && event.status === 'pass');
		expect(plan && plan.type === 'step' ? plan.detail : []).toEqual(
			expect.arrayContaining([`stop container ${names.container(alpine, 'backend')} (${alpine}, running)`, `start the regular stack ${regular}: backend, auth, frontend`]),
		);
		expect(questions).toHaveLength(0);
		expect(running(alpine)).toHaveLength(3);
		expect(running(regular)).toHaveLength(0);
	});

	it('without a confirmation nothing changes and it says how to confirm (exit 2)', async () => {
		confirmations.answer = false;
		const {outcome} = await drain(rollbackFlow, context, {mode: 'emergency', declineHint: 'add --yes'});
		confirmations.answer = true;
		expect(outcome).toMatchObject({ok: false, exitCode: 2});
		expect(outcome.summary).toContain('add --yes');
		expect(questions.at(-1)?.items).toContain(`stop container ${names.container(alpine, 'frontend')} (${alpine}, running)`);
		expect(running(alpine)).toHaveLength(3);
		expect(pendingRollback(context.progress)).toBeUndefined();
	});

	it('stops Alpine, starts regular, verifies, times itself and records it', async () => {
		const {outcome, events} = await drain(rollbackFlow, context, {mode: 'emergency'});
		expect(outcome.summary).toMatch(/Emergency rollback done in [\d.]+ (ms|s)/);
		expect(outcome.ok).toBe(true);
		expect(finalSteps(events)).toEqual({
			plan: 'pass',
			stop: 'pass',
			start: 'pass',
			'verify.containers': 'pass',
			'verify.endpoints': 'pass',
			'verify.smoke': 'pass',
			'verify.memory': 'pass',
		});
		const result = outcome.data!;
		expect(result.durationMs).toBeGreaterThan(result.servingAfterMs!);
		expect(result.servingAfterMs).toBeGreaterThanOrEqual(result.healthyAfterMs!);
		// Nothing is lost: the Alpine containers are stopped, not removed, and their volume stays.
		const alpineContainers = projectContainers(context.store.getSnapshot(), alpine);
		expect(alpineContainers.map(container => container.state)).toEqual(['exited', 'exited', 'exited']);
		expect((await docker.listVolumes()).Volumes?.map(volume => volume.Name)).toContain(names.volume(alpine, 'backend-data'));
		expect(running(regular).map(container => container.health)).toEqual(['healthy', 'healthy', 'healthy']);
		const history = context.progress.history<{mode: string; ok: boolean; durationMs: number}>('rollback');
		expect(history.at(-1)).toMatchObject({mode: 'emergency', ok: true, durationMs: Math.round(result.durationMs!)});
		expect(derivePhases(context.progress.get()).find(phase => phase.id === 'production')?.tasks.find(task => task.id === 'rollback')?.done).toBe(true);
		expect(context.progress.step('rollback.run')?.status).toBe('pass');
		console.log(`emergency rollback of the sample stack: ${Math.round(result.durationMs!)} ms (serving after ${Math.round(result.servingAfterMs!)} ms)`);
	});

	it('an interrupted rollback resumes on the next run, skipping what it finished', async () => {
		await (await composeForVariant(context, 'regular')).run(['stop']);
		await upHealthy(context, 'alpine', {build: false});
		const controller = new AbortController();
		const first = await drain(rollbackFlow, {...context, signal: controller.signal}, {mode: 'emergency'}, event => {
			if (event.type === 'step' && event.id === 'start' && event.status === 'running') controller.abort(new Error('interrupted'));
		});
		expect(first.outcome).toMatchObject({ok: false, exitCode: 130});
		expect(pendingRollback(context.progress)).toMatchObject({mode: 'emergency', done: ['stop'], current: 'start'});

		const second = await drain(rollbackFlow, context, {});
		expect(second.outcome.ok).toBe(true);
		expect(second.outcome.data?.resumed).toBe(true);
		expect(second.events.some(event => event.type === 'message' && event.text.startsWith('Resuming the emergency rollback'))).toBe(true);
		expect(finalSteps(second.events)).toMatchObject({stop: 'skip', start: 'pass', 'verify.endpoints': 'pass'});
		expect(pendingRollback(context.progress)).toBeUndefined();
		expect(running(regular)).toHaveLength(3);
	});
});
