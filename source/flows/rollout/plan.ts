import {checkManifest, type ManifestCheck, withTag} from '../../docker/registry-manifest.js';
import {seconds, type SwarmService, type UpdatePolicy} from '../../docker/swarm.js';
import type {StackState} from './state.js';

/** What `alpinist rollout` was asked, parsed from its flags. */
export type RolloutOptions = {
	stack: string;
	/** Tasks per service that move first. */
	canary: number;
	parallelism: number;
	delayMs: number;
	monitorMs: number;
	maxFailureRatio: number;
	/** Only these services (short names); all of the stack when empty. */
	services: string[];
	/** Per service, the Alpine image to roll to (overrides the tag convention). */
	images: Record<string, string>;
	/** The tag of the Alpine image beside the regular one, when no image is given: repo:alpine. */
	alpineTag: string;
	/** The canary holds this long at most while the verdict is made (the update's delay after it). */
	holdMs: number;
};

export const defaultRolloutOptions: Omit<RolloutOptions, 'stack'> = {
	canary: 1,
	parallelism: 1,
	delayMs: 10_000,
	monitorMs: 30_000,
	maxFailureRatio: 0,
	services: [],
	images: {},
	alpineTag: 'alpine',
	holdMs: 3_600_000,
};

export type ServicePlan = {
	service: SwarmService;
	from: string;
	to: string;
	/** True when the service runs the target already: nothing to do. */
	already: boolean;
	registry: ManifestCheck;
	canaryTasks: number;
};

export type RolloutPlan = {
	stack: string;
	services: ServicePlan[];
	canaryPolicy: UpdatePolicy;
	rolloutPolicy: UpdatePolicy;
	lines: string[];
	problems: string[];
};

export function canaryPolicy(options: RolloutOptions): UpdatePolicy {
	return {parallelism: options.canary, delayNs: options.holdMs * 1e6, monitorNs: options.monitorMs * 1e6, failureAction: 'rollback', maxFailureRatio: options.maxFailureRatio, order: 'start-first'};
}

export function rolloutPolicy(options: RolloutOptions): UpdatePolicy {
	return {parallelism: options.parallelism, delayNs: options.delayMs * 1e6, monitorNs: options.monitorMs * 1e6, failureAction: 'rollback', maxFailureRatio: options.maxFailureRatio, order: 'start-first'};
}

export function describePolicy(policy: UpdatePolicy): string {
	return `parallelism ${policy.parallelism}, delay ${seconds(policy.delayNs)}, monitor ${seconds(policy.monitorNs)}, failure_action ${policy.failureAction}, max_failure_ratio ${policy.maxFailureRatio}, order ${policy.order}`;
}

/** The Alpine image of a service: given, else the same repository with the Alpine tag. */
export function targetImage(service: SwarmService, options: Pick<RolloutOptions, 'images' | 'alpineTag'>): string {
	return options.images[service.short] ?? options.images[service.name] ?? withTag(service.image, options.alpineTag);
}

export async function makePlan(state: StackState, services: SwarmService[], options: RolloutOptions, check = checkManifest): Promise<RolloutPlan> {
	const problems: string[] = [];
	const unknown = options.services.filter(name => !services.some(service => service.short === name || service.name === name));
	if (unknown.length > 0) problems.push(`no service ${unknown.join(', ')} in stack ${options.stack} (it has ${services.map(service => service.short).join(', ')})`);
	const chosen = services.filter(service => options.services.length === 0 || options.services.includes(service.short) || options.services.includes(service.name));
	const plans = await Promise.all(
		chosen.map(async (service): Promise<ServicePlan> => {
			const to = targetImage(service, options);
			const already = service.image === to;
			const registry = already ? ({state: 'present'} as ManifestCheck) : await check(to);
			if (registry.state === 'missing') problems.push(`${to} is not in its registry: push the Alpine image that migrate built there first (docker tag … ${to} && docker push ${to})`);
			return {service, from: service.image, to, already, registry, canaryTasks: Math.min(options.canary, service.replicas ?? 1)};
		}),
	);
	for (const service of chosen) {
		if (service.updateState === 'updating' || service.updateState === 'rollback_started') problems.push(`${service.name} is being updated already (${service.updateState}): wait for it, or roll it back with --rollback`);
		if (service.replicas === undefined) problems.push(`${service.name} is a global service: canaries need a replicated one`);
		const current = state.services.find(entry => entry.id === service.id);
		const running = current?.tasks.filter(task => task.state === 'running').length ?? 0;
		if (current && service.replicas !== undefined && running < service.replicas) {
			problems.push(`${service.name}: ${running}/${service.replicas} tasks run; wait until the stack has converged (docker service ps ${service.name})`);
		}

		const ready = state.nodes.filter(node => node.state === 'ready' && node.availability === 'active').length;
		if (service.maxPerNode && service.replicas !== undefined && service.replicas >= service.maxPerNode * ready) {
			problems.push(`${service.name}: ${service.replicas} replicas at most ${service.maxPerNode} per node on ${ready} nodes leave no room for a start-first update (raise max_replicas_per_node or add a node)`);
		}
	}

	const canary = canaryPolicy(options);
	const rollout = rolloutPolicy(options);
	const lines = [
		`Stack ${options.stack} on ${state.nodes.length} node${state.nodes.length === 1 ? '' : 's'}: ${state.nodes.map(node => `${node.hostname} (${node.role}, ${node.state})`).join(', ')}`,
		...plans.map(plan => {
			const where = plan.registry.state === 'present' ? 'in the registry' : plan.registry.state === 'missing' ? 'NOT in the registry' : `registry not checked: ${plan.registry.why}`;
			return plan.already
				? `${plan.service.short}: runs ${plan.to} already, nothing to do`
				: `${plan.service.short}: ${plan.from} → ${plan.to} (${where}); ${plan.service.replicas} task${plan.service.replicas === 1 ? '' : 's'}, ${plan.canaryTasks} canary`;
		}),
		`1. canary: Swarm moves ${options.canary} task${options.canary === 1 ? '' : 's'} per service (update_config ${describePolicy(canary)}); alpinist follows its health from the engines' events and compares it with the regular tasks for ${options.monitorMs / 1000} s`,
		'2. verdict: shown before the rest proceeds; a failing canary is rolled back by Swarm (failure_action rollback), the other canaries by alpinist (docker service rollback)',
		`3. rolling update of the rest: update_config ${describePolicy(rollout)}; the canary is first returned to regular so that Swarm's previous spec (what failure_action rollback returns to) is the regular one`,
	];
	return {stack: options.stack, services: plans, canaryPolicy: canary, rolloutPolicy: rollout, lines, problems};
}
