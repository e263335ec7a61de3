import {stripControl} from '../format.js';

/**
 * What a Swarm manager says of its nodes, a stack's services and their tasks, as plain data.
 * Pure mappers from the engine API's JSON (GET /nodes, /services, /tasks): no engine calls here.
 */

export type Variant = 'regular' | 'alpine';

export type SwarmNode = {
	id: string;
	hostname: string;
	role: 'manager' | 'worker';
	/** ready | down | unknown | disconnected */
	state: string;
	availability: string;
	addr?: string;
	leader: boolean;
};

/** Swarm's own update states, plus "none" for a service never updated. */
export type UpdateState = 'none' | 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';

export type UpdatePolicy = {
	parallelism: number;
	delayNs: number;
	monitorNs: number;
	failureAction: string;
	maxFailureRatio: number;
	order: string;
};

export type SwarmService = {
	id: string;
	/** The stack's service name, e.g. sample_backend. */
	name: string;
	/** The name inside the stack (backend), from the namespace label. */
	short: string;
	stack?: string;
	image: string;
	/** The image of the previous spec (what a rollback returns to), if any. */
	previousImage?: string;
	replicas?: number;
	/** Placement's max_replicas_per_node, when set. */
	maxPerNode?: number;
	version: number;
	updateState: UpdateState;
	updateMessage?: string;
	updateStartedAt?: string;
	updateConfig?: UpdatePolicy;
	rollbackConfig?: UpdatePolicy;
	labels: Record<string, string>;
};

export type SwarmTask = {
	id: string;
	serviceId: string;
	slot?: number;
	nodeId: string;
	image: string;
	/** new | pending | assigned | preparing | starting | running | complete | shutdown | failed | rejected | orphaned … */
	state: string;
	desiredState: string;
	/** The task's error (Status.Err), e.g. "task: non-zero exit (1)". */
	error?: string;
	message?: string;
	containerId?: string;
	timestamp?: string;
	version: number;
};

export const stackLabel = 'com.docker.stack.namespace';

function clean(text: unknown): string | undefined {
	return typeof text === 'string' && text !== '' ? stripControl(text) : undefined;
}

export function fromNode(raw: any): SwarmNode {
	return {
		id: String(raw.ID ?? ''),
		hostname: clean(raw.Description?.Hostname) ?? String(raw.ID ?? '').slice(0, 12),
		role: raw.Spec?.Role === 'manager' ? 'manager' : 'worker',
		state: String(raw.Status?.State ?? 'unknown'),
		availability: String(raw.Spec?.Availability ?? 'active'),
		addr: clean(raw.Status?.Addr),
		leader: Boolean(raw.ManagerStatus?.Leader),
	};
}

function policy(raw: any): UpdatePolicy | undefined {
	if (!raw) return undefined;
	return {
		parallelism: Number(raw.Parallelism ?? 1),
		delayNs: Number(raw.Delay ?? 0),
		monitorNs: Number(raw.Monitor ?? 0),
		failureAction: String(raw.FailureAction ?? 'pause'),
		maxFailureRatio: Number(raw.MaxFailureRatio ?? 0),
		order: String(raw.Order ?? 'stop-first'),
	};
}

/** An image reference without the digest Swarm pins to it (repo:tag@sha256:… → repo:tag). */
export function withoutDigest(image: string): string {
	return image.replace(/@sha256:[0-9a-f]+$/, '');
}

export function fromService(raw: any): SwarmService {
	const spec = raw.Spec ?? {};
	const labels: Record<string, string> = spec.Labels ?? {};
	const name = clean(spec.Name) ?? String(raw.ID);
	const stack = labels[stackLabel];
	const short = stack && name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name;
	const state = raw.UpdateStatus?.State as UpdateState | undefined;
	return {
		id: String(raw.ID ?? ''),
		name,
		short,
		stack,
		image: withoutDigest(String(spec.TaskTemplate?.ContainerSpec?.Image ?? '')),
		previousImage: raw.PreviousSpec ? withoutDigest(String(raw.PreviousSpec.TaskTemplate?.ContainerSpec?.Image ?? '')) : undefined,
		replicas: spec.Mode?.Replicated ? Number(spec.Mode.Replicated.Replicas ?? 1) : undefined,
		maxPerNode: spec.TaskTemplate?.Placement?.MaxReplicas ? Number(spec.TaskTemplate.Placement.MaxReplicas) : undefined,
		version: Number(raw.Version?.Index ?? 0),
		updateState: state ?? 'none',
		updateMessage: clean(raw.UpdateStatus?.Message),
		updateStartedAt: raw.UpdateStatus?.StartedAt,
		updateConfig: policy(spec.UpdateConfig),
		rollbackConfig: policy(spec.RollbackConfig),
		labels,
	};
}

export function fromTask(raw: any): SwarmTask {
	return {
		id: String(raw.ID ?? ''),
		serviceId: String(raw.ServiceID ?? ''),
		slot: raw.Slot === undefined ? undefined : Number(raw.Slot),
		nodeId: String(raw.NodeID ?? ''),
		image: withoutDigest(String(raw.Spec?.ContainerSpec?.Image ?? '')),
		state: String(raw.Status?.State ?? 'unknown'),
		desiredState: String(raw.DesiredState ?? 'unknown'),
		error: clean(raw.Status?.Err),
		message: clean(raw.Status?.Message),
		containerId: clean(raw.Status?.ContainerStatus?.ContainerID),
		timestamp: raw.Status?.Timestamp,
		version: Number(raw.Version?.Index ?? 0),
	};
}

/** The task whose failure made Swarm roll back or pause, named in the update status' message. */
export function failedTaskId(message: string | undefined): string | undefined {
	return message?.match(/(?:failure or early termination of task|task) ([0-9a-z]{25})\b/)?.[1];
}

/** Tasks meant to run now (desired running), one per slot: the newest of each slot. */
export function currentTasks(tasks: SwarmTask[]): SwarmTask[] {
	const bySlot = new Map<string, SwarmTask>();
	for (const task of tasks) {
		if (task.desiredState !== 'running') continue;
		const key = task.slot === undefined ? task.id : `${task.serviceId}.${task.slot}.${task.nodeId}`;
		const existing = bySlot.get(key);
		if (!existing || task.version > existing.version) bySlot.set(key, task);
	}

	return [...bySlot.values()].sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0) || a.id.localeCompare(b.id));
}

/** True while Swarm is still moving tasks (an update or a rollback in progress). */
export function updateInProgress(state: UpdateState): boolean {
	return state === 'updating' || state === 'rollback_started';
}

export function seconds(ns: number): string {
	const s = ns / 1e9;
	return s >= 60 && s % 60 === 0 ? `${s / 60}m` : `${Number(s.toFixed(1))}s`;
}
