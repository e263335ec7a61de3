import {recordedStep} from '../recorded-step.js';
import type {FlowContext, FlowEvent} from '../types.js';
import {type Comparison, compareTasks} from './compare.js';
import {describeFailure, type RolloutFailure} from './failure.js';
import {holdCanary, movedTasks, type Phase, startUpdate, waitForMoved} from './phases.js';
import type {RolloutOptions, ServicePlan} from './plan.js';
import {canaryPolicy, describePolicy} from './plan.js';
import {judgeCanary, type Verdict} from './verdict.js';

export type CanaryResult = {
	tasks: number;
	monitorMs: number;
	policy: string;
	services: Array<{
		service: string;
		tasks: Array<{id: string; node: string; image: string}>;
		comparison?: Comparison;
		verdict?: Verdict;
	}>;
	verdict?: 'pass' | 'warn' | 'fail';
	/** Ms from the update call until every canary ran healthy. */
	healthyAfterMs?: number;
};

/** The canary: Swarm moves N tasks per service and holds; alpinist compares them, then gives the verdict. */
export async function* runCanary(
	context: FlowContext,
	phase: Phase,
	moving: ServicePlan[],
	options: RolloutOptions,
): AsyncGenerator<FlowEvent<{'rollout-canary': CanaryResult}>, {result: CanaryResult; failure?: RolloutFailure}, void> {
	const policy = canaryPolicy(options);
	const result: CanaryResult = {tasks: options.canary, monitorMs: options.monitorMs, policy: describePolicy(policy), services: moving.map(entry => ({service: entry.service.short, tasks: []}))};
	let failure: RolloutFailure | undefined;
	const up = yield* recordedStep(context, 'rollout.canary', `Canary: ${options.canary} task${options.canary === 1 ? '' : 's'} per service on the Alpine image`, async emit => {
		phase.say = text => emit({type: 'message', level: 'info', text});
		const started = performance.now();
		for (const entry of moving) {
			await startUpdate(phase, entry.service.id, {image: entry.to, update: policy});
			emit({type: 'message', level: 'info', text: `${entry.service.short}: Swarm update to ${entry.to} started (${result.policy})`});
		}

		failure = await waitForMoved(phase, moving, entry => entry.canaryTasks, {timeoutMs: 180_000 + options.monitorMs, kind: 'canary', what: 'the canary to run healthy', during: 'the canary'});
		if (failure) return {status: 'fail', summary: failure.message, detail: describeFailure(failure).slice(1)};
		result.healthyAfterMs = performance.now() - started;
		const state = phase.watch.state!;
		const detail: string[] = [];
		for (const [index, entry] of moving.entries()) {
			const service = state.services.find(candidate => candidate.id === entry.service.id)!;
			const tasks = movedTasks(service, entry.to).map(task => ({id: task.id, node: task.node, image: task.image}));
			result.services[index]!.tasks = tasks;
			detail.push(`${entry.service.short}: ${tasks.map(task => `task ${task.id.slice(0, 12)} on ${task.node}`).join(', ')} healthy (health from ${service.tasks.find(task => task.image === entry.to)?.healthFrom === 'engine' ? "the node engine's health_status events" : "Swarm's task state"})`);
		}

		return {status: 'pass', summary: `every canary runs healthy after ${(result.healthyAfterMs / 1000).toFixed(1)} s`, detail};
	}, {record: false});
	if (up.status !== 'pass') return {result, failure: failure ?? {kind: 'canary', message: 'the canary did not come up'}};

	const monitor = yield* recordedStep(context, 'rollout.monitor', `Canary against the regular tasks for ${options.monitorMs / 1000} s`, async () => {
		const state = phase.watch.state!;
		const samplers = await Promise.all(
			moving.map(async entry => {
				const service = state.services.find(candidate => candidate.id === entry.service.id)!;
				const canary = movedTasks(service, entry.to);
				const regular = service.tasks.filter(task => task.image !== entry.to && task.state === 'running');
				return compareTasks(entry.service.short, canary, regular, phase.engines);
			}),
		);
		failure = await holdCanary(phase, moving, options.monitorMs);
		const comparisons = await Promise.all(samplers.map(async sampler => sampler.stop()));
		for (const [index, comparison] of comparisons.entries()) result.services[index]!.comparison = comparison;
		if (failure) return {status: 'fail', summary: failure.message, detail: describeFailure(failure).slice(1)};
		return {status: 'pass', summary: 'the canaries held', detail: comparisons.map(comparison => `${comparison.service}: ${comparison.had}`)};
	}, {record: false});
	if (monitor.status !== 'pass') return {result, failure: failure ?? {kind: 'canary', message: 'the canary failed while it was compared'}};

	const latest = phase.watch.state!;
	const verdicts = moving.map((entry, index) => {
		const service = latest.services.find(candidate => candidate.id === entry.service.id)!;
		const running = movedTasks(service, entry.to).length >= entry.canaryTasks;
		const verdict = judgeCanary(result.services[index]!.comparison!, {running, healthy: running});
		result.services[index]!.verdict = verdict;
		return verdict;
	});
	result.verdict = verdicts.some(verdict => verdict.status === 'fail') ? 'fail' : verdicts.some(verdict => verdict.status === 'warn') ? 'warn' : 'pass';
	const lines = verdicts.flatMap(verdict => [`${verdict.service}: ${verdict.status.toUpperCase()}${verdict.reasons.length ? ` — ${verdict.reasons.join('; ')}` : ''}`, ...verdict.figures.map(line => `  ${line}`)]);
	yield {type: 'data', kind: 'rollout-canary', data: result};
	yield {type: 'step', id: 'rollout.verdict', title: 'Canary verdict', status: result.verdict, summary: result.verdict === 'fail' ? 'the canary fails the thresholds: the rest does not move' : 'the canary meets the thresholds', detail: lines};
	if (result.verdict === 'fail') {
		const failed = verdicts.find(verdict => verdict.status === 'fail')!;
		const task = result.services.find(entry => entry.service === failed.service)?.tasks[0];
		return {result, failure: {kind: 'verdict', service: failed.service, task: task?.id, node: task?.node, message: `${failed.service}: the canary's verdict is fail (${failed.reasons.join('; ')})`}};
	}

	const go = await context.confirm({title: `Canary verdict: ${result.verdict}. Roll the rest of the stack to Alpine?`, items: lines, action: 'roll out the rest', destructive: false});
	if (!go) return {result, failure: {kind: 'declined', message: 'the rest was not confirmed after the canary: the canaries go back'}};
	return {result};
}
