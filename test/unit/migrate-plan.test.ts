import {describe, expect, it} from 'vitest';
import {checkGate, planResume} from '../../source/flows/migrate-plan.js';
import type {StackState} from '../../source/flows/stack-state.js';
import type {StepRecord} from '../../source/project/progress.js';

const at = '2025-01-31T10:00:00.000Z';
const rec = (status: StepRecord['status'], data?: unknown): StepRecord => ({status, at, data});
const built = rec('pass', {images: [{service: 'backend', image: 'p_backend:latest', id: 'sha256:1', bytes: 5e6}]});
const empty: StackState = {projectName: 'p-alpine', services: [{service: 'backend', state: 'missing', health: 'none', ready: false}], empty: true, healthy: false, half: false};
const healthy: StackState = {projectName: 'p-alpine', services: [{service: 'backend', state: 'running', health: 'healthy', ready: true}], empty: false, healthy: true, half: false};
const half: StackState = {
	projectName: 'p-alpine',
	services: [
		{service: 'backend', state: 'running', health: 'starting', ready: false},
		{service: 'auth', state: 'missing', health: 'none', ready: false},
	],
	empty: false,
	healthy: false,
	half: true,
};

describe('checkGate', () => {
	it('lets a passed or never-run checklist through (saying so when never run)', () => {
		expect(checkGate({all: rec('pass')}, false)).toEqual({allowed: true, override: false});
		expect(checkGate({}, false)).toMatchObject({allowed: true, message: expect.stringMatching(/has not been run/)});
	});

	it('refuses after a failed checklist, with what to do', () => {
		const gate = checkGate({all: {...rec('fail'), summary: '2 checks failed'}}, false);
		expect(gate.allowed).toBe(false);
		expect(gate.message).toMatch(/2 checks failed.*--skip-check/);
	});

	it('--skip-check overrides a failed checklist and asks for the override to be recorded', () => {
		expect(checkGate({all: rec('fail')}, true)).toMatchObject({allowed: true, override: true});
	});

	it('an earlier override lets it through without a new one', () => {
		expect(checkGate({all: rec('fail'), override: rec('pass')}, false)).toMatchObject({allowed: true, override: false});
	});

	it('--skip-check applies to one run: its record from an earlier run lets nothing through', () => {
		const skipped = rec('pass', {by: 'migrate --skip-check', checklist: '2 checks failed'});
		expect(checkGate({all: rec('fail', {failed: ['ports']}), override: skipped}, false).allowed).toBe(false);
	});

	it('an explicit override covers the failures it was given, not new ones', () => {
		const override = rec('pass', {by: 'ada', reason: 'known', failed: ['ports']});
		expect(checkGate({all: rec('fail', {failed: ['ports']}), override}, false).allowed).toBe(true);
		expect(checkGate({all: rec('fail', {failed: ['ports', 'disk']}), override}, false).allowed).toBe(false);
	});
});

describe('planResume', () => {
	it('a first run skips nothing', () => {
		const plan = planResume({records: {}, missingImages: [], stack: empty, forceRebuild: false});
		expect(plan).toMatchObject({skipEnable: false, skipBuild: false, skipStart: false, halfStarted: false, lines: []});
	});

	it('images built and still there: go on to start, saying so', () => {
		const plan = planResume({records: {'migrate.enable': rec('pass'), 'migrate.build': built}, missingImages: [], stack: empty, forceRebuild: false});
		expect(plan).toMatchObject({skipEnable: true, skipBuild: true, skipStart: false});
		expect(plan.lines.map(line => line.text).join('\n')).toMatch(/still in the engine: going on to start/);
	});

	it('images recorded but gone from the engine are built again', () => {
		const plan = planResume({records: {'migrate.build': built}, missingImages: ['backend'], stack: empty, forceRebuild: false});
		expect(plan.skipBuild).toBe(false);
		expect(plan.lines[0]).toMatchObject({level: 'warn', text: expect.stringMatching(/gone from the engine or were replaced \(backend\)/)});
	});

	it('--force-rebuild builds again', () => {
		expect(planResume({records: {'migrate.build': built}, missingImages: [], stack: healthy, forceRebuild: true})).toMatchObject({skipBuild: false, skipStart: false});
	});

	it('a build record without images (nothing to check) is not trusted', () => {
		expect(planResume({records: {'migrate.build': rec('pass', {images: []})}, missingImages: [], stack: empty, forceRebuild: false}).skipBuild).toBe(false);
	});

	it('a healthy stack with the recorded images needs no start', () => {
		expect(planResume({records: {'migrate.build': built}, missingImages: [], stack: healthy, forceRebuild: false}).skipStart).toBe(true);
	});

	it('a crash during start (record still running) and a half-started stack are both reported', () => {
		const plan = planResume({records: {'migrate.enable': rec('pass'), 'migrate.build': built, 'migrate.start': rec('running')}, missingImages: [], stack: half, forceRebuild: false});
		expect(plan.interrupted).toMatchObject({id: 'migrate.start', status: 'running'});
		expect(plan.halfStarted).toBe(true);
		expect(plan.skipStart).toBe(false);
		const text = plan.lines.map(line => line.text).join('\n');
		expect(text).toMatch(/Start the Alpine stack was still running when the last run ended/);
		expect(text).toMatch(/half-started: backend running\/starting, auth missing/);
	});

	it('an interrupted step (Ctrl+C) is reported as interrupted', () => {
		const plan = planResume({records: {'migrate.build': rec('interrupted')}, missingImages: [], stack: empty, forceRebuild: false});
		expect(plan.interrupted?.status).toBe('interrupted');
		expect(plan.skipBuild).toBe(false);
		expect(plan.lines[0].text).toMatch(/Build Alpine images was interrupted/);
	});
});
