import {engineAt, SwarmClient} from '../../docker/swarm-client.js';
import {recordedStep} from '../recorded-step.js';
import {ExitCode} from '../exit-code.js';
import type {Flow, FlowContext, FlowEvent} from '../types.js';
import {runCanary} from './canary.js';
import {describeFailure} from './failure.js';
import {rollBack, startUpdate, waitForMoved, type Phase} from './phases.js';
import {makePlan} from './plan.js';
import {runRollback} from './rollback.js';
import {describeService, variantFrom} from './state.js';
import type {RolloutData, RolloutInput, RolloutResult} from './types.js';
import {StackWatch} from './watch.js';

/**
 * `alpinist rollout`: the move from the regular to the Alpine images on a Swarm manager, with
 * Swarm's own machinery. The plan first; then a canary per service (update_config parallelism N,
 * a long delay after it, failure_action rollback, start-first), compared with the regular tasks
 * for the monitor period; the verdict; then Swarm's rolling update of the rest. Everything is
 * followed from the engines' event streams.
 */

export type {RolloutData, RolloutInput, RolloutResult} from './types.js';

export const rolloutFlow: Flow<RolloutInput, RolloutResult, RolloutData> = async function* (context, input) {
	const client = new SwarmClient(context.docker);
	const result: RolloutResult = {stack: input.stack, dryRun: context.dryRun, rolledBack: [], followedBy: [], timings: {}, events: 0, reads: 0};
	const connect = yield* recordedStep(context, 'rollout.manager', 'Swarm manager', async () => {
		const manager = await client.requireManager();
		return {status: 'pass', summary: `node ${manager.nodeId.slice(0, 12)} is a manager`};
	}, {record: false});
	if (connect.status !== 'pass') return {ok: false, exitCode: ExitCode.usage, summary: 'No Swarm manager: nothing changed', data: result};

	const engines = new Map([...input.nodeEngines].map(([name, host]) => [name, engineAt(host)]));
	const watch = new StackWatch(client, input.stack, [...engines].map(([hostname, docker]) => ({hostname, docker})), variantFrom([]));
	try {
		const started = performance.now();
		const read = yield* recordedStep(context, 'rollout.read', `Stack ${input.stack}`, async () => {
			const state = await watch.start();
			if (state.services.length === 0) return {status: 'fail', summary: `no stack ${input.stack} on this manager (services labelled com.docker.stack.namespace=${input.stack}); deploy it first: docker stack deploy -c <regular compose file with images> ${input.stack}`};
			return {status: 'pass', summary: `${state.services.length} services on ${state.nodes.length} nodes`, detail: [...state.services.map(describeService), ...watch.followedBy()], value: state};
		}, {record: false});
		result.followedBy = watch.followedBy();
		if (read.status !== 'pass' || !read.value) return {ok: false, exitCode: ExitCode.failed, summary: 'Nothing changed', data: result};
		const services = await client.stackServices(input.stack);

		if (input.rollback) {
			const outcome = yield* runRollback(context, {client, watch, engines, services, input, result});
			return outcome;
		}

		const plan = await makePlan(read.value, services, input);
		result.plan = {lines: plan.lines, problems: plan.problems};
		const targets = plan.services.filter(entry => !entry.already).map(entry => entry.to);
		(watch as any).variantOf = variantFrom(targets);
		await watch.refresh();
		yield {type: 'data', kind: 'rollout-plan', data: result.plan};
		yield {type: 'step', id: 'rollout.plan', title: 'Plan', status: plan.problems.length ? 'fail' : 'pass', summary: plan.problems.length ? plan.problems.join('; ') : `${targets.length} service${targets.length === 1 ? '' : 's'} to move`, detail: plan.lines};
		if (plan.problems.length > 0) return {ok: false, exitCode: ExitCode.failed, summary: 'The plan has problems: nothing changed', data: result};
		const moving = plan.services.filter(entry => !entry.already);
		if (moving.length === 0) {
			result.state = watch.state;
			return {ok: true, summary: `Every service of ${input.stack} runs its Alpine image already`, data: result};
		}

		if (context.dryRun) return {ok: true, summary: 'Dry run: nothing changed', data: result};
		const confirmed = await context.confirm({
			title: `Roll ${moving.length} service${moving.length === 1 ? '' : 's'} of stack ${input.stack} to Alpine, canary first`,
			items: plan.lines.slice(1),
			action: 'roll out',
			destructive: false,
		});
		if (!confirmed) return {ok: false, exitCode: ExitCode.failed, summary: `Not confirmed: nothing changed${input.declineHint ? ` (${input.declineHint})` : ''}`, data: {...result, failure: {kind: 'declined', message: 'not confirmed'}}};

		const phase: Phase = {client, watch, engines, signal: context.signal, say: () => {}, versions: new Map()};
		const canaryStarted = performance.now();
		const canary = yield* runCanary(context, phase, moving, input);
		result.canary = canary.result;
		result.timings.canaryMs = performance.now() - canaryStarted;
		if (canary.failure) {
			result.failure = canary.failure;
			const back = yield* recordedStep(context, 'rollout.canary.rollback', 'Roll back the canaries', async emit => {
				phase.say = text => emit({type: 'message', level: 'info', text});
				const done = await rollBack(phase, moving.map(entry => entry.service), 180_000);
				return {status: 'pass', summary: 'every service is back on its regular image', detail: done, value: done};
			}, {record: false});
			result.rolledBack = back.value ?? [];
			return yield* finish(context.progress, result, watch, started, false, describeFailure(canary.failure).join('; '));
		}

		const restStarted = performance.now();
		const rest = yield* recordedStep(context, 'rollout.rest', 'Rolling update of the rest (Swarm)', async emit => {
			phase.say = text => emit({type: 'message', level: 'info', text});
			// The canary goes back first: Swarm's previous spec, where failure_action rollback returns, is then the regular one.
			await rollBack(phase, moving.map(entry => entry.service), 180_000);
			for (const entry of moving) {
				await startUpdate(phase, entry.service.id, {image: entry.to, update: plan.rolloutPolicy});
				emit({type: 'message', level: 'info', text: `${entry.service.short}: Swarm rolling update to ${entry.to} started`});
			}

			const replicas = (entry: (typeof moving)[number]) => entry.service.replicas ?? 1;
			const timeoutMs = Math.max(...moving.map(entry => replicas(entry))) * (input.delayMs + input.monitorMs + 60_000) + 120_000;
			const failure = await waitForMoved(phase, moving, replicas, {timeoutMs, kind: 'update', complete: true, what: 'the rolling update', during: 'the rolling update'});
			if (!failure) return {status: 'pass', summary: 'Swarm completed the update of every service'};
			result.failure = failure;
			const done = await rollBack(phase, moving.map(entry => entry.service), 300_000);
			result.rolledBack = done;
			return {status: 'fail', summary: failure.message, detail: [...describeFailure(failure).slice(1), ...done]};
		}, {record: false});
		result.timings.restMs = performance.now() - restStarted;
		return yield* finish(context.progress, result, watch, started, rest.status === 'pass', result.failure ? describeFailure(result.failure).join('; ') : undefined);
	} finally {
		result.events = watch.events;
		result.reads = watch.reads;
		watch.stop();
	}
};

async function* finish(progress: FlowContext['progress'], result: RolloutResult, watch: StackWatch, started: number, moved: boolean, why?: string): AsyncGenerator<FlowEvent<RolloutData>, {ok: boolean; exitCode?: number; summary: string; data: RolloutResult}, void> {
	await watch.refresh();
	const state = watch.state!;
	result.state = state;
	result.timings.totalMs = performance.now() - started;
	const tasks = state.services.flatMap(service => service.tasks);
	const alpine = tasks.filter(task => task.variant === 'alpine' && task.state === 'running' && task.health === 'healthy').length;
	const regular = tasks.filter(task => task.variant === 'regular').length;
	yield {type: 'data', kind: 'rollout-state', data: state};
	const ok = moved && alpine === tasks.length;
	progress.append('rollout', {ok, stack: result.stack, tasks: tasks.length, alpine, failure: result.failure?.message, durationMs: result.timings.totalMs});
	yield {
		type: 'step',
		id: 'rollout.state',
		title: 'Stack state',
		status: moved && alpine === tasks.length ? 'pass' : moved ? 'fail' : regular === tasks.length ? 'pass' : 'warn',
		summary: `${alpine}/${tasks.length} tasks Alpine and healthy, ${regular} regular`,
		detail: state.services.map(describeService),
	};
	if (ok) return {ok: true, summary: `Stack ${result.stack}: every task runs its Alpine image and is healthy`, data: result};
	return {ok: false, exitCode: ExitCode.failed, summary: `Rollout stopped${why ? `: ${why}` : ''}; ${regular}/${tasks.length} tasks regular`, data: result};
}
