import {userInfo} from 'node:os';
import type {ProgressStore, ProjectProgress} from './progress.js';

/**
 * Whether the wizard may start the migration: the last checklist run failed nothing, or a
 * person overrode exactly those failures (recorded with who and why).
 */

export type Override = {by: string; reason: string; failed: string[]; at: string};

export type Gate = {
	allowed: boolean;
	/** One line for the screen and the headless output. */
	reason: string;
	failed: string[];
	override?: Override;
};

function failedIds(progress: ProjectProgress): string[] {
	const data = progress.steps['check.all']?.data as {failed?: string[]} | undefined;
	return data?.failed ?? [];
}

export function lastOverride(progress: ProjectProgress): Override | undefined {
	const step = progress.steps['check.override'];
	if (!step || step.status !== 'pass') return undefined;
	const data = (step.data ?? {}) as Partial<Override>;
	return {by: data.by ?? '?', reason: data.reason ?? step.summary ?? '', failed: data.failed ?? [], at: step.at};
}

export function migrationGate(progress: ProjectProgress): Gate {
	const all = progress.steps['check.all'];
	if (!all) return {allowed: false, reason: 'run the pre-migration checklist first (alpinist check)', failed: []};
	const failed = failedIds(progress);
	if (all.status !== 'fail' || failed.length === 0) return {allowed: true, reason: `the checklist passed (${all.status})`, failed: []};
	const override = lastOverride(progress);
	if (override && failed.every(id => override.failed.includes(id))) {
		return {allowed: true, reason: `overridden by ${override.by}: ${override.reason}`, failed, override};
	}

	return {allowed: false, reason: `checks failed: ${failed.join(', ')} (fix them, or override: alpinist check --override "reason")`, failed};
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
	const failed = failedIds(progress.get());
	if (failed.length === 0) return undefined;
	const by = options.by ?? currentUser();
	const at = new Date().toISOString();
	progress.recordStep('check.override', {status: 'pass', at, summary: options.reason, data: {by, reason: options.reason, failed}});
	progress.append('check', {override: true, by, reason: options.reason, failed});
	return {by, reason: options.reason, failed, at};
}
