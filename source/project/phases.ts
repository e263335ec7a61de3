import {migrationGate} from './gate.js';
import type {ProjectProgress} from './progress.js';
import type {ScreenId} from '../screens/types.js';

/** The guide's migration phases, derived from what the progress store records (never stored twice). */

export type Task = {id: string; title: string; done: boolean; screen: ScreenId};

const initTask: Task = {id: 'init', title: 'Write the Alpine variant (init)', done: false, screen: 'convert'};
export type Phase = {id: string; title: string; status: 'done' | 'in-progress' | 'todo'; tasks: Task[]};

const passed = (progress: ProjectProgress, id: string) => {
	const status = progress.steps[id]?.status;
	return status === 'pass' || status === 'warn';
};

const has = (progress: ProjectProgress, kind: string) => (progress.history[kind]?.length ?? 0) > 0;

/**
 * `alpineFiles: false` (the project has no Alpine compose file yet) puts the guide's Phase 0
 * first: writing the Alpine variant (`alpinist init`, the project-wide Convert screen).
 */
export function derivePhases(progress: ProjectProgress, project: {alpineFiles?: boolean} = {}): Phase[] {
	const phases: Array<Omit<Phase, 'status'>> = [
		{
			id: 'infrastructure',
			title: 'Infrastructure',
			tasks: [
				...(project.alpineFiles === false ? [{...initTask}] : []),
				{id: 'check', title: 'Pre-migration checklist passes', done: migrationGate(progress).allowed, screen: 'checklist'},
				{id: 'build', title: 'Alpine images built', done: passed(progress, 'migrate.build'), screen: 'migrate'},
			],
		},
		{
			id: 'adoption',
			title: 'Default adoption',
			tasks: [
				{id: 'verify', title: 'Alpine stack verified healthy', done: passed(progress, 'migrate.verify'), screen: 'migrate'},
				{id: 'default', title: 'Alpine is the default', done: progress.defaultVariant === 'alpine', screen: 'migrate'},
				{id: 'training', title: 'Team trained on Alpine differences', done: Object.values(progress.trainings).some(training => training.completedAt), screen: 'train'},
			],
		},
		{
			id: 'optimization',
			title: 'Optimization',
			tasks: [
				{id: 'bench', title: 'Benchmarked against regular', done: has(progress, 'bench'), screen: 'bench'},
				{id: 'monitoring', title: 'Monitoring report and thresholds', done: has(progress, 'report'), screen: 'report'},
			],
		},
		{
			id: 'production',
			title: 'Production readiness',
			tasks: [
				{id: 'rollback', title: 'Rollback rehearsed', done: (progress.history.rollback ?? []).some(run => run.ok !== false), screen: 'rollback'},
				{id: 'ci', title: 'CI pipeline on the Alpine stack', done: passed(progress, 'ci.init'), screen: 'report'},
				{id: 'rollout', title: 'Rolled out on Swarm, canary first', done: (progress.history.rollout ?? []).some(run => run.ok === true && run.dryRun !== true), screen: 'rollout'},
			],
		},
	];
	return phases.map(phase => {
		const done = phase.tasks.filter(task => task.done).length;
		const status = done === phase.tasks.length ? 'done' : done > 0 ? 'in-progress' : 'todo';
		return {...phase, status};
	});
}

/** The first task not done, in the guide's order: what the home screen recommends. */
export function nextTask(phases: Phase[]): Task | undefined {
	for (const phase of phases) {
		const task = phase.tasks.find(candidate => !candidate.done);
		if (task) return task;
	}

	return undefined;
}
