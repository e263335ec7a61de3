import {userInfo} from 'node:os';
import type {ProgressStore, ProjectProgress, StepRecord} from './progress.js';

/**
 * The one migration gate. The checklist's last run (`check.all`) and the last override
 * (`check.override`) decide it:
 *
 * - passed (or warned): migration may go;
 * - failed: blocked, unless an override names every check that fails now (an override of other
 *   failures does not carry over);
 * - never run: not passed. `migrate` still goes ahead, saying so; the wizard shows the phase as
 *   not done.
 *
 * `alpinist check --override` and the Checklist screen's override record their override the same
 * way (with the failed checks), so every screen agrees. `migrate --skip-check` applies to its own
 * run only: it is kept in the history, never as an override a later run reads.
 */

export type Override = {by: string; reason: string; failed: string[]; at: string};

export type GateState = 'passed' | 'overridden' | 'failed' | 'not-run';

export type Gate = {
	/** The checklist passed or its failures were overridden. */
	allowed: boolean;
	state: GateState;
	/** One line for the screen and the headless output. */
	reason: string;
	failed: string[];
	override?: Override;
};

export type GateRecords = {all?: StepRecord; override?: StepRecord};

function failedIn(all: StepRecord | undefined): string[] {
	return (all?.data as {failed?: string[]} | undefined)?.failed ?? [];
}

function overrideIn(step: StepRecord | undefined): Override | undefined {
	if (!step || step.status !== 'pass') return undefined;
	const data = (step.data ?? {}) as Partial<Override>;
	// `migrate --skip-check` lets its own run through only: a record of it (older versions wrote one) carries nothing over.
	if (data.by === 'migrate --skip-check') return undefined;
	return {by: data.by ?? '?', reason: data.reason ?? step.summary ?? '', failed: data.failed ?? [], at: step.at};
}

export function lastOverride(progress: ProjectProgress): Override | undefined {
	return overrideIn(progress.steps['check.override']);
}

/** The checks the last checklist run failed. */
export function failedChecks(progress: ProjectProgress): string[] {
	return failedIn(progress.steps['check.all']);
}

export function evaluateGate(records: GateRecords): Gate {
	const {all} = records;
	if (!all) return {allowed: false, state: 'not-run', reason: 'run the pre-migration checklist first (alpinist check)', failed: []};
	const failed = failedIn(all);
	if (all.status !== 'fail') return {allowed: true, state: 'passed', reason: `the checklist passed (${all.status})`, failed: []};
	const override = overrideIn(records.override);
	if (override && failed.every(id => override.failed.includes(id))) {
		return {allowed: true, state: 'overridden', reason: `overridden by ${override.by}: ${override.reason}`, failed, override};
	}

	return {allowed: false, state: 'failed', reason: `checks failed: ${failed.join(', ') || all.summary || 'see alpinist check'} (fix them, or override: alpinist check --override "reason")`, failed};
}

export function migrationGate(progress: ProjectProgress): Gate {
	return evaluateGate({all: progress.steps['check.all'], override: progress.steps['check.override']});
}

export type MigrateGate = {allowed: true; override: boolean; message?: string} | {allowed: false; message: string};

/**
 * What `migrate` does at the gate: a passed or overridden checklist lets it through; a
 * never-run one too, saying so; a failed one stops it unless `--skip-check` overrides it now
 * (`override: true`: the migration records that override).
 */
export function checkGate(records: GateRecords, skipCheck: boolean): MigrateGate {
	const gate = evaluateGate(records);
	if (gate.state === 'overridden') return {allowed: true, override: false, message: `The pre-migration checklist was overridden earlier (${gate.reason}).`};
	if (gate.state === 'not-run') return {allowed: true, override: false, message: 'The pre-migration checklist has not been run (`alpinist check`): going ahead.'};
	if (gate.state === 'passed') return {allowed: true, override: false};
	if (skipCheck) return {allowed: true, override: true, message: 'The pre-migration checklist failed; --skip-check overrides it (recorded).'};
	const summary = records.all?.summary;
	return {
		allowed: false,
		message: `The pre-migration checklist failed${summary ? ` (${summary})` : ''}: fix it and run \`alpinist check\` again, or pass --skip-check to migrate anyway (the override is recorded).`,
	};
}

/** Who overrides: $USER, else the account the process runs as. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
	const named = env.USER ?? env.LOGNAME ?? env.USERNAME;
	if (named) return named;
	try {
		return userInfo().username;
	} catch {
		return 'unknown';
	}
}

/** Records an explicit override of the failing checks: the step the gate reads, and an entry in the check history. */
export function recordOverride(progress: ProgressStore, options: {reason: string; by?: string}): Override | undefined {
	const failed = failedChecks(progress.get());
	if (failed.length === 0) return undefined;
	const by = options.by ?? currentUser();
	const at = new Date().toISOString();
	progress.recordStep('check.override', {status: 'pass', at, summary: options.reason, data: {by, reason: options.reason, failed}});
	progress.append('check', {override: true, by, reason: options.reason, failed});
	return {by, reason: options.reason, failed, at};
}
