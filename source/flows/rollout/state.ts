import {currentTasks, type SwarmNode, type SwarmService, type SwarmTask, type UpdateState, type Variant} from '../../docker/swarm.js';

/**
 * The stack's state as alpinist shows it (the JSON document, status, top, the Rollout screen):
 * per service its image and variant, update state and tasks, each with its node and health.
 */

export type TaskHealth = 'healthy' | 'unhealthy' | 'starting' | 'none' | 'unknown';

export type TaskState = {
	id: string;
	node: string;
	image: string;
	variant: Variant;
	state: string;
	health: TaskHealth;
	/** Where the health came from: the node engine's container events, or Swarm's task state. */
	healthFrom: 'engine' | 'task';
	error?: string;
	containerId?: string;
	slot?: number;
};

export type ServiceState = {
	id: string;
	name: string;
	short: string;
	image: string;
	variant: Variant;
	replicas?: number;
	/** Swarm's version of the service: a state read at a version is newer than any change made before it. */
	version: number;
	updateState: UpdateState;
	updateMessage?: string;
	tasks: TaskState[];
};

export type StackState = {
	stack: string;
	nodes: SwarmNode[];
	services: ServiceState[];
	/** When it was read, ms since the epoch. */
	at: number;
};

/** Says whether an image is the Alpine one: the plan's targets when known, else its name. */
export type VariantOf = (image: string) => Variant;

export function variantByName(image: string): Variant {
	const withoutRegistry = image.replace(/^[^/]+\.[^/]*\/|^[^/]+:\d+\//, '');
	return /alpine|musl/i.test(withoutRegistry) ? 'alpine' : 'regular';
}

export function variantFrom(alpineImages: Iterable<string>): VariantOf {
	const set = new Set(alpineImages);
	return image => (set.has(image) ? 'alpine' : variantByName(image));
}

/** A task's health: the container's, when its node's engine told us; else what Swarm's task state implies. */
export function taskHealth(task: SwarmTask, containerHealth: Map<string, TaskHealth>): {health: TaskHealth; from: 'engine' | 'task'} {
	const known = task.containerId ? containerHealth.get(task.containerId) : undefined;
	if (known) return {health: known, from: 'engine'};
	// Swarm reports "starting" until a container with a health check is healthy, then "running".
	if (task.state === 'running') return {health: 'healthy', from: 'task'};
	if (task.state === 'starting' || task.state === 'preparing' || task.state === 'assigned' || task.state === 'pending') return {health: 'starting', from: 'task'};
	if (task.state === 'failed' || task.state === 'rejected') return {health: 'unhealthy', from: 'task'};
	return {health: 'unknown', from: 'task'};
}

export function buildState(input: {
	stack: string;
	nodes: SwarmNode[];
	services: SwarmService[];
	tasks: SwarmTask[];
	containerHealth?: Map<string, TaskHealth>;
	variantOf: VariantOf;
	at?: number;
}): StackState {
	const hostnames = new Map(input.nodes.map(node => [node.id, node.hostname]));
	const health = input.containerHealth ?? new Map();
	const services = input.services.map((service): ServiceState => {
		const tasks = currentTasks(input.tasks.filter(task => task.serviceId === service.id)).map((task): TaskState => {
			const found = taskHealth(task, health);
			return {
				id: task.id,
				node: hostnames.get(task.nodeId) ?? (task.nodeId.slice(0, 12) || '(unassigned)'),
				image: task.image,
				variant: input.variantOf(task.image),
				state: task.state,
				health: found.health,
				healthFrom: found.from,
				error: task.error,
				containerId: task.containerId,
				slot: task.slot,
			};
		});
		return {
			id: service.id,
			name: service.name,
			short: service.short,
			image: service.image,
			variant: input.variantOf(service.image),
			replicas: service.replicas,
			version: service.version,
			updateState: service.updateState,
			updateMessage: service.updateMessage,
			tasks,
		};
	});
	return {stack: input.stack, nodes: input.nodes, services, at: input.at ?? Date.now()};
}

/** Tasks of a service per node, e.g. {manager: 1, worker-1: 1}. */
export function tasksPerNode(service: ServiceState): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const task of service.tasks) counts[task.node] = (counts[task.node] ?? 0) + 1;
	return counts;
}

/** One line per service: "backend  alpine 3/3 running, healthy  [manager 1, worker-1 1, worker-2 1]  completed". */
export function describeService(service: ServiceState): string {
	const running = service.tasks.filter(task => task.state === 'running').length;
	const alpine = service.tasks.filter(task => task.variant === 'alpine').length;
	const healthy = service.tasks.filter(task => task.health === 'healthy').length;
	const nodes = Object.entries(tasksPerNode(service))
		.map(([node, count]) => `${node} ${count}`)
		.join(', ');
	const want = service.replicas ?? service.tasks.length;
	return `${service.short}: ${service.image} (${service.variant}); ${running}/${want} running, ${healthy} healthy, ${alpine} Alpine; tasks per node: ${nodes || 'none'}; update: ${service.updateState}`;
}
