import {formatMs} from '../format.js';
import {createCheckEnv} from './checks/env.js';
import {checks as allChecks} from './checks/index.js';
import {worst} from './checks/judge.js';
import type {CheckDefinition, CheckEnv, CheckResult, CheckStatus, Requirements} from './checks/types.js';
import {EventChannel} from './channel.js';
import {drain} from './drain.js';
import {runStep, type StepResult} from './recorded-step.js';
import type {Flow, FlowEvent} from './types.js';
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

/** What a finished check's step says: its value as the summary, expected and fix under it when not a pass. */
export function checkStepResult(result: CheckResult): StepResult<CheckResult> {
	const detail = result.status === 'warn' || result.status === 'fail' ? [result.expected && `expected: ${result.expected}`, result.fix && `fix: ${result.fix}`].filter((line): line is string => Boolean(line)) : undefined;
	return {status: result.status, summary: result.value, detail, value: result};
}

/** The checklist's data events: each check's result as it finishes. */
export type ChecklistEvents = {check: CheckResult};

export const checklist: Flow<ChecklistInput | undefined, ChecklistOutput, ChecklistEvents> = async function* (context, input) {
	const started = performance.now();
	const definitions = (input?.checks ?? allChecks).filter(check => !input?.only || input.only.includes(check.id));
	const env = createCheckEnv(context, input?.requirements);

	// Every check at once, each a step of the one runner; their events come through one channel
	// in the order they happen, each check's result (kind 'check') right after its step's end.
	const channel = new EventChannel<FlowEvent<ChecklistEvents>>();
	const byId = new Map<string, CheckResult>();
	const runs = definitions.map(async check => {
		const end = await drain(
			runStep(`check.${check.id}`, check.title, async () => checkStepResult(await runOne(check, env))),
			channel.push,
		);
		// runOne never throws (a check that does is a failed check), so the result is there. The
		// record is written out here: a store that cannot be written (a full disk) fails the run.
		const result = end.value!;
		byId.set(check.id, result);
		context.progress.recordStep(`check.${check.id}`, {
			status: result.status,
			summary: result.value,
			durationMs: result.durationMs,
			data: {title: result.title, value: result.value, expected: result.expected, fix: result.fix},
		});
		channel.push({type: 'data', kind: 'check', data: result});
	});
	yield* channel.until(Promise.all(runs));

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
