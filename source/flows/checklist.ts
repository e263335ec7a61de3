import {formatMs} from '../format.js';
import {createCheckEnv} from './checks/env.js';
import {checks as allChecks} from './checks/index.js';
import {worst} from './checks/judge.js';
import type {CheckDefinition, CheckEnv, CheckResult, CheckStatus, Requirements} from './checks/types.js';
import type {Flow, StepEvent} from './types.js';
import {type Override, recordOverride} from '../project/gate.js';

/**
 * The guide's pre-migration checklist, run against the engine itself: every check at once, each
 * yielding a running step, then its result (step + `data` of kind 'check') as soon as it is in.
 * Results go to the progress store; the measured memory becomes the baseline rollback compares with.
 */

export type ChecklistInput = {
	requirements?: Partial<Requirements>;
	/** Run only these check ids (default: all). */
	only?: string[];
	/** Other check definitions (default: all of checks/index.ts). */
	checks?: CheckDefinition[];
	/** Override the failures this run finds, for this reason (recorded with who). */
	override?: string;
};

export type ChecklistOutput = {
	status: CheckStatus;
	durationMs: number;
	results: CheckResult[];
	failed: string[];
	warned: string[];
	/** The override recorded by this run, when asked and something failed. */
	override?: Override;
};

async function runOne(check: CheckDefinition, env: CheckEnv): Promise<CheckResult> {
	const started = performance.now();
	const finish = (outcome: Omit<CheckResult, 'id' | 'title'>): CheckResult => ({id: check.id, title: check.title, ...outcome, durationMs: performance.now() - started});
	try {
		if (check.needsEngine && !(await env.engine())) {
			return finish({status: 'skip', value: 'skipped: engine unreachable', fix: 'Start the engine (see the Docker engine check), then re-run.'});
		}

		return finish(await check.run(env));
	} catch (error) {
		return finish({status: 'fail', value: `the check itself failed: ${(error as Error).message}`, fix: 'Re-run with --verbose; report it if it persists.'});
	}
}

/** The step event of a finished check: its value as the summary, expected and fix under it when not a pass. */
export function checkStep(result: CheckResult): StepEvent {
	const detail = result.status === 'warn' || result.status === 'fail' ? [result.expected && `expected: ${result.expected}`, result.fix && `fix: ${result.fix}`].filter((line): line is string => Boolean(line)) : undefined;
	return {type: 'step', id: `check.${result.id}`, title: result.title, status: result.status, summary: result.value, durationMs: result.durationMs, detail};
}

/** The checklist's data events: each check's result as it finishes. */
export type ChecklistEvents = {check: CheckResult};

export const checklist: Flow<ChecklistInput | undefined, ChecklistOutput, ChecklistEvents> = async function* (context, input) {
	const started = performance.now();
	const definitions = (input?.checks ?? allChecks).filter(check => !input?.only || input.only.includes(check.id));
	const env = createCheckEnv(context, input?.requirements);
	for (const check of definitions) yield {type: 'step', id: `check.${check.id}`, title: check.title, status: 'running'};

	const pending = new Map<string, Promise<{id: string; result: CheckResult}>>();
	for (const check of definitions) pending.set(check.id, runOne(check, env).then(result => ({id: check.id, result})));
	const byId = new Map<string, CheckResult>();
	while (pending.size > 0) {
		const {id, result} = await Promise.race(pending.values());
		pending.delete(id);
		byId.set(id, result);
		context.progress.recordStep(`check.${id}`, {
			status: result.status,
			summary: result.value,
			durationMs: result.durationMs,
			data: {title: result.title, value: result.value, expected: result.expected, fix: result.fix},
		});
		yield checkStep(result);
		yield {type: 'data', kind: 'check', data: result};
	}

	const results = definitions.map(check => byId.get(check.id)!);
	const status = worst(results.map(result => result.status));
	const durationMs = performance.now() - started;
	const failed = results.filter(result => result.status === 'fail').map(result => result.id);
	const warned = results.filter(result => result.status === 'warn').map(result => result.id);
	const count = (s: CheckStatus) => results.filter(result => result.status === s).length;
	const summary = `${results.length} checks in ${formatMs(durationMs)} (all at once, monotonic clock): ${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail, ${count('skip')} skipped`;
	context.progress.recordStep('check.all', {status, summary, durationMs, data: {failed, warned}});
	context.progress.append('check', {
		status,
		durationMs,
		results: results.map(({id, status, value, expected, fix}) => ({id, status, value, expected, fix})),
	});
	let override: Override | undefined;
	if (input?.override) {
		override = recordOverride(context.progress, {reason: input.override});
		yield {
			type: 'message',
			level: override ? 'warn' : 'info',
			text: override ? `override recorded: ${override.failed.join(', ')} overridden by ${override.by} — ${override.reason}` : 'nothing failed: no override needed',
		};
	}

	return {ok: failed.length === 0, summary, data: {status, durationMs, results, failed, warned, override}};
};
