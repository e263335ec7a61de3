import path from 'node:path';
import {formatMs} from '../../format.js';
import type {EndpointCheck} from '../stack.js';
import {engineOutcome} from '../engine.js';
import {ExitCode} from '../exit-code.js';
import type {BaseEvent, Flow, FlowContext, FlowOutcome} from '../types.js';
import {stopContainers, removeImages, removeStacks, startRegular} from './actions.js';
import {defaultBackupDir, readManifest, restoreCommands} from './backup.js';
import {backupVolumes, type BackupOutcome} from './backup-step.js';
import {describeKept, describePlan} from './describe.js';
import {gatherPlan} from './gather.js';
import {beginRun, finishRun, type PendingRollback, pendingRollback, resumeRun} from './journal.js';
import type {RollbackMode, RollbackPlan} from './plan.js';
import {runStep} from '../recorded-step.js';
import {Journal} from './runner.js';
import {smokePasses, verifyContainers, verifyEndpoints, verifyMemory} from '../verify/checks.js';

/**
 * The guide's Rollback Procedures. Emergency: stop the Alpine stacks, start the regular one, verify.
 * Permanent: also make regular the default, back up and remove the Alpine stacks' volumes, remove
 * the Alpine images the project built. Both show the exact plan, ask, time themselves and resume
 * when interrupted.
 */

export type RollbackInput = {
	/** Omitted: resume the interrupted rollback, if there is one. */
	mode?: RollbackMode;
	/** Back up each volume before it is removed (permanent). Default true. */
	backup?: boolean;
	backupDir?: string;
	/** Run the project's smoke test while verifying (default true when one is configured). */
	smoke?: boolean;
	/** Appended to the "not confirmed" summary: headless says which flag answers yes. */
	declineHint?: string;
};

export type RollbackResult = {
	mode?: RollbackMode;
	resumed: boolean;
	dryRun: boolean;
	confirmed: boolean;
	plan?: RollbackPlan;
	preview: string[];
	/** From the confirmation to the end of verification, monotonic clock (this run only when resumed). */
	durationMs?: number;
	/** From the confirmation until every regular service was healthy. */
	healthyAfterMs?: number;
	/** From the confirmation until every health endpoint answered 200. */
	servingAfterMs?: number;
	memoryBytes?: number;
	backups?: BackupOutcome & {restore: string[]};
	pending?: Pick<PendingRollback, 'mode' | 'startedAt' | 'current' | 'done' | 'status'>;
};

export const rollbackTitles: Record<string, string> = {
	plan: 'Plan: what will be stopped and removed',
	default: 'Set the project default back to regular',
	stop: 'Stop the Alpine stacks',
	backup: 'Back up the volumes',
	remove: 'Bring the Alpine stacks down with their volumes',
	images: 'Remove the Alpine images built by the project',
	start: 'Start the regular stack and wait until healthy',
	'verify.containers': 'Verify: regular containers running and healthy',
	'verify.endpoints': 'Verify: health endpoints',
	'verify.smoke': 'Verify: smoke test',
	'verify.memory': 'Verify: memory against the baseline',
};

export function stepsFor(mode: RollbackMode): string[] {
	const verify = ['verify.containers', 'verify.endpoints', 'verify.smoke', 'verify.memory'];
	return mode === 'emergency' ? ['stop', 'start', ...verify] : ['default', 'stop', 'backup', 'remove', 'images', 'start', ...verify];
}

/** The rollback's data events: the plan, before anything is confirmed. */
export type RollbackEvents = {'rollback.plan': RollbackPlan};

export const rollbackFlow: Flow<RollbackInput, RollbackResult, RollbackEvents> = async function* (context, input) {
	const result: RollbackResult = {resumed: false, dryRun: context.dryRun, confirmed: false, preview: []};
	const unreachable = await engineOutcome(context, result);
	if (unreachable) return unreachable;

	const pending = pendingRollback(context.progress);
	let mode = input.mode;
	let resume: PendingRollback | undefined;
	if (pending) result.pending = {mode: pending.mode, startedAt: pending.startedAt, current: pending.current, done: pending.done, status: pending.status};
	if (pending && (!mode || mode === pending.mode)) {
		resume = pending;
		mode = pending.mode;
		result.resumed = true;
		yield {
			type: 'message',
			level: 'warn',
			text: `Resuming the ${pending.mode} rollback started ${pending.startedAt} and stopped at "${rollbackTitles[pending.current ?? ''] ?? pending.current ?? 'its start'}": ${pending.done.length} finished step(s) are skipped, the checks run again.`,
		};
	} else if (pending) {
		yield {type: 'message', level: 'warn', text: `The interrupted ${pending.mode} rollback (started ${pending.startedAt}) is replaced by this ${mode} rollback.${pending.backupDir ? ` Its backups stay in ${pending.backupDir}.` : ''}`};
	}

	if (!mode) {
		return {
			ok: false,
			exitCode: ExitCode.usage,
			summary: 'Choose a rollback: --emergency (stop the Alpine stack, start the regular one) or --permanent (also make regular the default and remove the Alpine stacks, images and volumes, backing the volumes up first).',
			data: result,
		};
	}

	result.mode = mode;
	const backup = resume ? resume.backup : input.backup !== false;
	const backupDir = resume?.backupDir ?? (input.backupDir ? path.resolve(input.backupDir) : defaultBackupDir(context.project.root));

	const planned = yield* runStep('plan', rollbackTitles.plan, async () => {
		// Find compose now, so the timed steps do not wait for it.
		const [plan] = await Promise.all([gatherPlan(context, mode), context.compose().catch(() => undefined)]);
		const preview = describePlan(plan, {backup, backupDir: mode === 'permanent' ? backupDir : undefined});
		return {status: 'pass', summary: planSummary(plan), detail: [...preview, ...describeKept(plan)], value: {plan, preview}};
	});
	if (planned.status === 'fail' || !planned.value) return {ok: false, summary: `Could not read what to roll back: ${planned.summary}`, data: result};
	const {plan, preview} = planned.value;
	result.plan = plan;
	result.preview = preview;
	yield {type: 'data', kind: 'rollback.plan', data: plan};
	if (context.dryRun) return {ok: true, summary: `Dry run: nothing was stopped, started or removed (${preview.length} action(s) listed above).`, data: result};

	const confirmed = await context.confirm({
		title: mode === 'emergency' ? `Emergency rollback of ${context.project.name}: stop Alpine, start regular` : `Permanent rollback of ${context.project.name}: regular becomes the default, the Alpine stacks are removed`,
		items: [...preview, ...describeKept(plan)],
		action: 'roll back',
		destructive: mode === 'permanent',
	});
	if (!confirmed) return {ok: false, exitCode: ExitCode.usage, summary: `Nothing changed: the rollback was not confirmed${input.declineHint ? ` (${input.declineHint})` : ''}.`, data: result};
	result.confirmed = true;

	const started = performance.now();
	const run = resume ? resumeRun(context.progress, resume) : beginRun(context.progress, {mode, backup, backupDir: mode === 'permanent' && backup ? backupDir : undefined});
	const journal = new Journal(context.progress, run, Boolean(resume));
	const outcome = yield* runSteps(context, journal, plan, {mode, backup, backupDir, smoke: input.smoke !== false}, result, started);
	return outcome;
};

function planSummary(plan: RollbackPlan): string {
	if (plan.mode === 'emergency') return `${plan.stop.length} Alpine container(s) to stop, ${plan.start.services.length} regular service(s) to start`;
	return `${plan.containers.length} container(s), ${plan.volumes.length} volume(s), ${plan.networks.length} network(s), ${plan.images.length} image(s) to remove; ${plan.kept.length} related item(s) kept`;
}

async function* runSteps(
	context: FlowContext,
	journal: Journal,
	plan: RollbackPlan,
	options: {mode: RollbackMode; backup: boolean; backupDir: string; smoke: boolean},
	result: RollbackResult,
	started: number,
): AsyncGenerator<BaseEvent, FlowOutcome<RollbackResult>, void> {
	const {mode} = options;
	const log = (step: string) => (line: string) => ({type: 'log', step, line}) as const;
	let failed: string | undefined;
	let warned = false;
	// The endpoints checked, handed to the smoke test.
	let checked: EndpointCheck[] = [];
	// Memory is sampled as soon as the stack is healthy, alongside the endpoint checks and the smoke test.
	let memory: ReturnType<typeof verifyMemory> | undefined;
	for (const id of stepsFor(mode)) {
		if (context.signal.aborted) break;
		const verifying = id.startsWith('verify.');
		if (failed && !(verifying && id === 'verify.containers')) continue;
		const title = rollbackTitles[id];
		const outcome = yield* journal.step(
			id,
			title,
			async emit => {
				const onLine = (line: string) => emit(log(id)(line));
				switch (id) {
					case 'default': {
						const before = context.progress.get().defaultVariant;
						context.progress.setDefaultVariant('regular');
						return {status: 'pass', summary: before === 'regular' ? 'the default was already regular' : 'the default was alpine, now regular'};
					}

					case 'stop':
						return stopContainers(context, plan);
					case 'backup': {
						if (!options.backup) return {status: 'warn', summary: '--no-backup: the volumes are removed without a copy'};
						const backups = await backupVolumes(context, plan, options.backupDir, emit);
						if (backups.value) result.backups = {...backups.value, restore: restoreCommands(backups.value.dir)};
						return backups;
					}

					case 'remove':
						return removeStacks(context, plan, onLine);
					case 'images':
						return removeImages(context, plan);
					case 'start': {
						const start = await startRegular(context, plan, onLine);
						if (start.status === 'pass') result.healthyAfterMs = performance.now() - started;
						return start;
					}

					case 'verify.containers':
						return verifyContainers(context, plan);
					case 'verify.endpoints': {
						memory = verifyMemory(context, plan);
						memory.catch(() => {});
						const endpoints = await verifyEndpoints(context, plan);
						if (endpoints.status === 'pass') result.servingAfterMs = performance.now() - started;
						checked = endpoints.value ?? [];
						return endpoints;
					}

					case 'verify.smoke':
						return options.smoke ? smokePasses(context, checked, onLine) : {status: 'skip', summary: '--no-smoke'};
					case 'verify.memory': {
						const reading = await (memory ?? verifyMemory(context, plan));
						result.memoryBytes = reading.value;
						return reading;
					}

					default:
						return {status: 'skip'};
				}
			},
			{always: verifying},
		);
		if (outcome?.status === 'fail') failed ??= id;
		if (outcome?.status === 'warn') warned = true;
	}

	result.durationMs = performance.now() - started;
	if (!result.backups && journal.run.backupDir && mode === 'permanent') {
		const manifest = await readManifest(journal.run.backupDir).catch(() => undefined);
		if (manifest) result.backups = {dir: journal.run.backupDir, volumes: manifest.volumes, restore: restoreCommands(journal.run.backupDir)};
	}

	if (context.signal.aborted) {
		finishRun(context.progress, journal.run, {ok: false, interrupted: true, summary: 'interrupted', durationMs: result.durationMs});
		return {ok: false, exitCode: ExitCode.interrupted, summary: 'Interrupted. Run `alpinist rollback` again to resume: finished steps are skipped.', data: result};
	}

	const ok = !failed;
	const time = formatMs(result.durationMs);
	const summary = ok
		? `${mode === 'emergency' ? 'Emergency' : 'Permanent'} rollback done in ${time}${result.resumed ? ' (this run; resumed)' : ''}, measured from the confirmation to the end of verification on the monotonic clock${result.servingAfterMs ? `; endpoints answering after ${formatMs(result.servingAfterMs)}` : ''}.${warned ? ' Some checks warned: see above.' : ''}`
		: `Rollback stopped at "${rollbackTitles[failed!]}" after ${time}. Fix the cause and run \`alpinist rollback\` to resume: finished steps are skipped.`;
	finishRun(context.progress, journal.run, {ok, summary, durationMs: result.durationMs});
	context.progress.append('rollback', {
		mode,
		ok,
		durationMs: Math.round(result.durationMs),
		healthyAfterMs: result.healthyAfterMs === undefined ? undefined : Math.round(result.healthyAfterMs),
		servingAfterMs: result.servingAfterMs === undefined ? undefined : Math.round(result.servingAfterMs),
		resumed: result.resumed,
		backups: result.backups ? {dir: result.backups.dir, volumes: result.backups.volumes.map(volume => volume.volume)} : undefined,
		failedStep: failed,
	});
	if (result.backups && result.backups.volumes.length > 0) {
		yield {type: 'message', level: 'info', text: `Backups: ${result.backups.dir} (${result.backups.volumes.map(volume => volume.file).join(', ')}, manifest.json)`};
		yield {type: 'message', level: 'info', text: `Restore them with: ${result.backups.restore[0]}   (one volume: --volume NAME; under another name: --to NAME)`};
	}

	return {ok, summary, data: result};
}
