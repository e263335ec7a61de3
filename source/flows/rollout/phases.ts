import type Dockerode from 'dockerode';
import type {SwarmClient} from '../../docker/swarm-client.js';
import type {SwarmService} from '../../docker/swarm.js';
import {explainFailure, type RolloutFailure} from './failure.js';
import type {ServicePlan} from './plan.js';
import type {ServiceState, StackState} from './state.js';
import type {StackWatch} from './watch.js';

/** The pieces of a rollout that talk to Swarm and wait on the watch: canary, rollback, the rest. */

export type Phase = {
	client: SwarmClient;
	watch: StackWatch;
	engines: Map<string, Dockerode>;
	signal: AbortSignal;
	say: (text: string) => void;
	/** Per service, its version after alpinist's last change: older reads are not looked at. */
	versions: Map<string, number>;
};

/** The service in a state read after alpinist's last change to it (undefined when the read is older). */
function serviceIn(state: StackState, id: string, phase: Phase): ServiceState | undefined {
	const service = state.services.find(candidate => candidate.id === id);
	return service && service.version >= (phase.versions.get(id) ?? 0) ? service : undefined;
}

/** Starts Swarm's update of a service and remembers its version. */
export async function startUpdate(phase: Phase, id: string, change: Parameters<Phase['client']['update']>[1]): Promise<void> {
	phase.versions.set(id, await phase.client.update(id, change));
}

/** Tasks of the target image that run (Swarm says running only once a health-checked container is healthy). */
export function movedTasks(service: ServiceState, image: string) {
	return service.tasks.filter(task => task.image === image && task.state === 'running' && task.health !== 'unhealthy');
}

const failedStates = new Set(['rollback_started', 'rollback_paused', 'rollback_completed', 'paused']);

/** What ends a wait at once: a node down since the wait began, or a service Swarm rolled back or paused. */
function alarm(phase: Phase, state: StackState, plans: ServicePlan[], downBefore: Set<string>): {down: string} | {failed: ServiceState} | undefined {
	const down = phase.watch.downNodes.find(node => !downBefore.has(node));
	if (down) return {down};
	for (const plan of plans) {
		const service = serviceIn(state, plan.service.id, phase);
		if (service && failedStates.has(service.updateState)) return {failed: service};
	}

	return undefined;
}

async function failureOf(phase: Phase, service: SwarmService | ServiceState, kind: RolloutFailure['kind']): Promise<RolloutFailure> {
	const fresh = await phase.client.service(service.id);
	return explainFailure(phase.client, phase.engines, fresh, kind);
}

/**
 * Waits until every planned service has `target(plan)` tasks of its new image running, or one of
 * them fails (Swarm rolled back or paused it), or a node goes down. Resolves with the failure, if any.
 */
export async function waitForMoved(
	phase: Phase,
	plans: ServicePlan[],
	target: (plan: ServicePlan) => number,
	options: {timeoutMs: number; kind: RolloutFailure['kind']; complete?: boolean; what: string; during: string},
): Promise<RolloutFailure | undefined> {
	const downBefore = new Set(phase.watch.downNodes);
	let result: {down?: string; failed?: ServiceState};
	try {
		result = await phase.watch.until(
		state => {
			const stop = alarm(phase, state, plans, downBefore);
			if (stop) return stop;
			const done = plans.every(plan => {
				const service = serviceIn(state, plan.service.id, phase);
				if (!service) return false;
				if (options.complete && service.updateState !== 'completed') return false;
				return movedTasks(service, plan.to).length >= target(plan);
			});
			return done ? {} : undefined;
		},
		options.timeoutMs,
		phase.signal,
		options.what,
	);
	} catch (error) {
		if (phase.signal.aborted) throw error;
		return stuck(phase, plans, (error as Error).message, options.kind);
	}

	if ('down' in result && result.down) {
		const node = result.down;
		const on = (phase.watch.state?.services ?? []).flatMap(service => service.tasks.filter(task => task.node === node).map(task => `${service.short} ${task.id.slice(0, 12)}`));
		return {kind: 'node-down', node, message: `node ${node} went down during ${options.during}${on.length ? ` (its tasks: ${on.join(', ')})` : ''}: the stack goes back to regular`};
	}

	if ('failed' in result && result.failed) return failureOf(phase, result.failed, options.kind);
	return undefined;
}

/** A wait that timed out: which tasks of the new image are not running, and what Swarm says of them. */
function stuck(phase: Phase, plans: ServicePlan[], why: string, kind: RolloutFailure['kind']): RolloutFailure {
	const lines: string[] = [];
	let first: {service: string; task: string; node: string; error?: string} | undefined;
	for (const plan of plans) {
		const service = phase.watch.state?.services.find(candidate => candidate.id === plan.service.id);
		for (const task of service?.tasks ?? []) {
			if (task.image !== plan.to || task.state === 'running') continue;
			const error = task.error ?? task.state;
			lines.push(`${plan.service.short}: task ${task.id.slice(0, 12)} on ${task.node} is ${task.state}${task.error ? ` (${task.error})` : ''}`);
			first ??= {service: plan.service.short, task: task.id, node: task.node, error};
		}
	}

	return {kind, service: first?.service, task: first?.task, node: first?.node, error: first?.error, message: `${why}${lines.length ? `: ${lines.join('; ')}` : ''}`};
}

/** Waits while the canaries are compared, ending early when one fails or a node goes down. */
export async function holdCanary(phase: Phase, plans: ServicePlan[], ms: number): Promise<RolloutFailure | undefined> {
	const downBefore = new Set(phase.watch.downNodes);
	let failure: {down?: string; failed?: ServiceState; lost?: ServicePlan} | undefined;
	try {
		failure = await phase.watch.until(
			state => {
				const stop = alarm(phase, state, plans, downBefore);
				if (stop) return stop;
				for (const plan of plans) {
					const service = serviceIn(state, plan.service.id, phase);
					if (service && movedTasks(service, plan.to).length < plan.canaryTasks) return {lost: plan};
				}

				return undefined;
			},
			ms,
			phase.signal,
			'the canary to be compared',
		);
	} catch (error) {
		if (phase.signal.aborted) throw error;
		return undefined;
	}

	if (failure.down) return {kind: 'node-down', node: failure.down, message: `node ${failure.down} went down during the canary`};
	if (failure.failed) return failureOf(phase, failure.failed, 'canary');
	const plan = failure.lost!;
	const service = phase.watch.state!.services.find(candidate => candidate.id === plan.service.id)!;
	const task = service.tasks.find(candidate => candidate.image === plan.to);
	return {
		kind: 'canary',
		service: plan.service.short,
		task: task?.id,
		node: task?.node,
		error: task ? `task ${task.state}, health ${task.health}` : 'the canary task is gone',
		message: `${plan.service.short}: the canary stopped running and healthy during the monitor period${task ? ` (task ${task.id.slice(0, 12)} on ${task.node}: ${task.state}, ${task.health})` : ''}`,
	};
}

/**
 * `docker service rollback` for each service that moved and is not rolled back already; waits until
 * done. A service Swarm rolls back itself meanwhile (its previous spec gone) counts as rolled back;
 * an error on one service does not stop the others.
 */
export async function rollBack(phase: Phase, services: Array<Pick<SwarmService, 'id' | 'short'>>, timeoutMs: number): Promise<string[]> {
	const done: string[] = [];
	const waitFor: string[] = [];
	for (const service of services) {
		try {
			const fresh = await phase.client.service(service.id);
			if (fresh.updateState === 'rollback_started' || fresh.updateState === 'rollback_completed') {
				done.push(`${service.short}: rolled back by Swarm (${fresh.updateState})`);
				waitFor.push(service.id);
				continue;
			}

			if (!fresh.previousImage || (fresh.updateState === 'none' && fresh.previousImage === fresh.image)) continue;
			phase.versions.set(service.id, await phase.client.rollback(service.id));
			phase.say(`${service.short}: docker service rollback (back to ${fresh.previousImage})`);
			done.push(`${service.short}: rolled back to ${fresh.previousImage}`);
			waitFor.push(service.id);
		} catch (error) {
			const after = await phase.client.service(service.id).catch(() => undefined);
			if (after && (after.updateState === 'rollback_started' || after.updateState === 'rollback_completed')) {
				done.push(`${service.short}: rolled back by Swarm (${after.updateState})`);
				waitFor.push(service.id);
			} else done.push(`${service.short}: rollback failed: ${(error as Error).message}`);
		}
	}

	await phase.watch.until(
		state =>
			waitFor.every(id => {
				const service = serviceIn(state, id, phase);
				return service !== undefined && service.updateState !== 'rollback_started' && service.updateState !== 'updating';
			})
				? true
				: undefined,
		timeoutMs,
		phase.signal,
		'the rollback to complete',
	);
	return done;
}
