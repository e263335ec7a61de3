import type {ProgressStore, StepRecord} from '../../project/progress.js';
import type {RollbackMode} from './plan.js';

/**
 * A rollback writes down each step as it finishes, so one interrupted halfway (ctrl+c, a lost
 * terminal, a failed step) resumes on the next run: finished steps are skipped, checks run again.
 * The record lives in the progress store as the step `rollback.run`; each step as `rollback.<id>`.
 */

export const runKey = 'rollback.run';

export type RollbackRun = {
	runId: string;
	mode: RollbackMode;
	startedAt: string;
	backup: boolean;
	backupDir?: string;
	/** Steps finished (pass or warn), in order. */
	done: string[];
	/** The step running or failed when the run stopped. */
	current?: string;
};

export type PendingRollback = RollbackRun & {status: 'running' | 'fail' | 'interrupted'; at: string};

export function pendingRollback(progress: ProgressStore): PendingRollback | undefined {
	const record = progress.step(runKey);
	if (!record || (record.status !== 'running' && record.status !== 'fail' && record.status !== 'interrupted')) return undefined;
	const run = record.data as RollbackRun | undefined;
	if (!run?.mode) return undefined;
	return {...run, status: record.status, at: record.at};
}

/** Starts a fresh run: the previous run's step records are cleared. */
export function beginRun(progress: ProgressStore, run: Omit<RollbackRun, 'done' | 'runId' | 'startedAt'>): RollbackRun {
	const fresh: RollbackRun = {...run, runId: `${Date.now().toString(36)}`, startedAt: new Date().toISOString(), done: []};
	progress.update(state => {
		for (const key of Object.keys(state.steps)) if (key.startsWith('rollback.')) delete state.steps[key];
		state.steps[runKey] = {status: 'running', at: fresh.startedAt, summary: `${run.mode} rollback`, data: fresh};
	});
	return fresh;
}

function writeRun(progress: ProgressStore, run: RollbackRun, status: StepRecord['status'], summary?: string, durationMs?: number): void {
	progress.recordStep(runKey, {status, summary: summary ?? `${run.mode} rollback`, data: run, durationMs});
}

export function stepStarted(progress: ProgressStore, run: RollbackRun, id: string): RollbackRun {
	const next = {...run, current: id};
	progress.update(state => {
		state.steps[`rollback.${id}`] = {status: 'running', at: new Date().toISOString()};
		state.steps[runKey] = {...state.steps[runKey], data: next};
	});
	return next;
}

export function stepFinished(
	progress: ProgressStore,
	run: RollbackRun,
	id: string,
	result: {status: StepRecord['status']; summary?: string; durationMs?: number},
): RollbackRun {
	const finished = result.status === 'pass' || result.status === 'warn';
	const next: RollbackRun = {...run, done: finished && !run.done.includes(id) ? [...run.done, id] : run.done, current: finished ? undefined : id};
	progress.update(state => {
		state.steps[`rollback.${id}`] = {status: result.status, summary: result.summary, durationMs: result.durationMs, at: new Date().toISOString()};
		state.steps[runKey] = {...state.steps[runKey], data: next};
	});
	return next;
}

/** Takes up an interrupted run again: it is running once more, with the steps it had finished. */
export function resumeRun(progress: ProgressStore, pending: PendingRollback): RollbackRun {
	const {status: _status, at: _at, ...run} = pending;
	writeRun(progress, run, 'running', `${run.mode} rollback (resumed)`);
	return run;
}

export function finishRun(progress: ProgressStore, run: RollbackRun, outcome: {ok: boolean; interrupted?: boolean; summary: string; durationMs: number}): void {
	writeRun(progress, run, outcome.interrupted ? 'interrupted' : outcome.ok ? 'pass' : 'fail', outcome.summary, outcome.durationMs);
}
