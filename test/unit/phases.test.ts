import {describe, expect, it} from 'vitest';
import {derivePhases, nextTask} from '../../source/project/phases.js';
import type {ProjectProgress, StepRecord} from '../../source/project/progress.js';

const at = '2024-05-01T00:00:00.000Z';
function progress(change: Partial<ProjectProgress> = {}): ProjectProgress {
	return {path: '/srv/shop', createdAt: at, updatedAt: at, defaultVariant: 'regular', steps: {}, history: {}, trainings: {}, baselines: {}, ...change};
}

const step = (status: StepRecord['status']): StepRecord => ({status, at});
const statuses = (p: ProjectProgress) => Object.fromEntries(derivePhases(p).map(phase => [phase.id, phase.status]));

describe('derivePhases', () => {
	it('nothing done: every phase todo, the checklist next', () => {
		const empty = progress();
		expect(statuses(empty)).toEqual({infrastructure: 'todo', adoption: 'todo', optimization: 'todo', production: 'todo'});
		expect(nextTask(derivePhases(empty))).toMatchObject({id: 'check', screen: 'checklist'});
	});

	it('the checklist task follows the migration gate: passed, warned or overridden counts; failed does not', () => {
		const failed: StepRecord = {status: 'fail', at, data: {failed: ['ports'], warned: []}};
		const override: StepRecord = {status: 'pass', at, summary: 'port moved on deploy', data: {by: 'ana', reason: 'port moved on deploy', failed: ['ports']}};
		expect(statuses(progress({steps: {'check.all': step('pass')}})).infrastructure).toBe('in-progress');
		expect(statuses(progress({steps: {'check.all': step('warn')}})).infrastructure).toBe('in-progress');
		expect(statuses(progress({steps: {'check.all': failed}})).infrastructure).toBe('todo');
		expect(statuses(progress({steps: {'check.all': failed, 'check.override': override}})).infrastructure).toBe('in-progress');
		// An override of other failures does not carry over.
		const moreFailed: StepRecord = {...failed, data: {failed: ['ports', 'disk'], warned: []}};
		expect(statuses(progress({steps: {'check.all': moreFailed, 'check.override': override}})).infrastructure).toBe('todo');
	});

	it('the next task follows the guide order', () => {
		const built = progress({steps: {'check.all': step('pass'), 'migrate.build': step('pass')}});
		expect(statuses(built).infrastructure).toBe('done');
		expect(nextTask(derivePhases(built))).toMatchObject({id: 'verify', screen: 'migrate'});
		const verified = progress({...built, steps: {...built.steps, 'migrate.verify': step('pass')}, defaultVariant: 'alpine'});
		expect(nextTask(derivePhases(verified))).toMatchObject({id: 'training', screen: 'train'});
	});

	it('histories, trainings and the CI step complete the later phases', () => {
		const all = progress({
			steps: {'check.all': step('pass'), 'migrate.build': step('pass'), 'migrate.verify': step('pass'), 'ci.init': step('pass')},
			defaultVariant: 'alpine',
			trainings: {ana: {completedAt: at, modules: {}}},
			history: {bench: [{at}], report: [{at}], rollback: [{at}], rollout: [{at, ok: false}]},
		});
		expect(statuses(all).production).toBe('in-progress');
		expect(nextTask(derivePhases(all))).toMatchObject({id: 'rollout', screen: 'rollout'});
		const rolledOut = progress({...all, history: {...all.history, rollout: [{at, ok: false}, {at, ok: true}]}});
		expect(statuses(rolledOut)).toEqual({infrastructure: 'done', adoption: 'done', optimization: 'done', production: 'done'});
		expect(nextTask(derivePhases(rolledOut))).toBeUndefined();
	});

	it('an unfinished training does not count', () => {
		const p = progress({trainings: {ana: {modules: {dns: at}}}});
		expect(derivePhases(p).find(phase => phase.id === 'adoption')?.tasks.find(task => task.id === 'training')?.done).toBe(false);
	});
});
