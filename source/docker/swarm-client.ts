import Dockerode from 'dockerode';
import {resolveEndpoint, toDockerodeOptions} from './connection.js';
import {onLines, parseEvent} from './events.js';
import {fromNode, fromService, fromTask, stackLabel, type SwarmNode, type SwarmService, type SwarmTask, type UpdatePolicy} from './swarm.js';
import type {EngineEvent} from './types.js';

/** A Docker engine reached by its host string (unix://, tcp://, ssh://), as DOCKER_HOST would. */
export function engineAt(host: string): Dockerode {
	return new Dockerode(toDockerodeOptions(resolveEndpoint({DOCKER_HOST: host})) as Dockerode.DockerOptions);
}

export class NotAManagerError extends Error {
	override name = 'NotAManagerError';
}

/** Where the engine of a node is, when alpinist can reach it (for its containers' stats, health and events). */
export type NodeEngines = Map<string, Dockerode>;

/** Parses "name=host,name=host" (ALPINIST_SWARM_NODES, --node-engine) into hostname → host. */
export function parseNodeEngines(values: string[]): Map<string, string> {
	const map = new Map<string, string>();
	for (const value of values.flatMap(entry => entry.split(','))) {
		const trimmed = value.trim();
		if (!trimmed) continue;
		const at = trimmed.indexOf('=');
		if (at <= 0 || at === trimmed.length - 1) throw new Error(`a node engine is NAME=HOST (e.g. worker-1=unix:///run/w1.sock), not "${trimmed}"`);
		map.set(trimmed.slice(0, at), trimmed.slice(at + 1));
	}

	return map;
}

/** A Swarm manager, through the engine API (what `docker node ls`, `service ps` and `service update` call). */
export class SwarmClient {
	constructor(readonly docker: Dockerode) {}

	/** Throws NotAManagerError unless the engine is an active Swarm manager. */
	async requireManager(): Promise<{nodeId: string; clusterId?: string}> {
		const info: any = await this.docker.info();
		const swarm = info.Swarm ?? {};
		if (swarm.LocalNodeState !== 'active') {
			throw new NotAManagerError(`the engine at ${info.Name ?? 'this host'} is not in a Swarm (LocalNodeState ${swarm.LocalNodeState ?? 'unknown'}): point DOCKER_HOST or a docker context at a Swarm manager`);
		}

		if (!swarm.ControlAvailable) throw new NotAManagerError(`the engine at ${info.Name ?? 'this host'} is a Swarm worker: point DOCKER_HOST or a docker context at a manager`);
		return {nodeId: String(swarm.NodeID ?? ''), clusterId: swarm.Cluster?.ID};
	}

	async nodes(): Promise<SwarmNode[]> {
		return ((await this.docker.listNodes()) as any[]).map(fromNode).sort((a, b) => a.hostname.localeCompare(b.hostname));
	}

	async stackServices(stack: string): Promise<SwarmService[]> {
		const raw = (await (this.docker as any).listServices({filters: JSON.stringify({label: [`${stackLabel}=${stack}`]})})) as any[];
		return raw.map(fromService).sort((a, b) => a.name.localeCompare(b.name));
	}

	async service(id: string): Promise<SwarmService> {
		return fromService(await this.docker.getService(id).inspect());
	}

	async tasks(serviceIds: string[]): Promise<SwarmTask[]> {
		if (serviceIds.length === 0) return [];
		const raw = (await (this.docker as any).listTasks({filters: JSON.stringify({service: serviceIds})})) as any[];
		return raw.map(fromTask);
	}

	/**
	 * Sets the service's image and update policy and starts Swarm's rolling update (POST
	 * /services/{id}/update with the spec as read, at its version: a concurrent change is refused).
	 */
	async update(serviceId: string, change: {image?: string; update?: UpdatePolicy; rollback?: Partial<UpdatePolicy>}): Promise<number> {
		const service = this.docker.getService(serviceId);
		const raw: any = await service.inspect();
		const spec = structuredClone(raw.Spec);
		if (change.image) spec.TaskTemplate.ContainerSpec.Image = change.image;
		if (change.update) spec.UpdateConfig = toApiPolicy(change.update);
		if (change.rollback) spec.RollbackConfig = {...spec.RollbackConfig, ...toApiPolicy({...defaultPolicy, ...change.rollback})};
		await (service as any).update({_query: {version: raw.Version.Index}, _body: spec});
		return this.versionOf(serviceId);
	}

	/** The service's version now: states read at this version or later follow the change just made. */
	async versionOf(serviceId: string): Promise<number> {
		return Number(((await this.docker.getService(serviceId).inspect()) as any).Version?.Index ?? 0);
	}

	/** `docker service rollback`: Swarm returns the service to its previous spec. */
	async rollback(serviceId: string): Promise<number> {
		const service = this.docker.getService(serviceId);
		const raw: any = await service.inspect();
		if (!raw.PreviousSpec) throw new Error(`${raw.Spec?.Name ?? serviceId} has no previous spec to roll back to`);
		await (service as any).update({_query: {version: raw.Version.Index, rollback: 'previous'}, _body: raw.Spec});
		return this.versionOf(serviceId);
	}
}

const defaultPolicy: UpdatePolicy = {parallelism: 1, delayNs: 0, monitorNs: 5e9, failureAction: 'pause', maxFailureRatio: 0, order: 'stop-first'};

export function toApiPolicy(policy: UpdatePolicy): Record<string, unknown> {
	return {
		Parallelism: policy.parallelism,
		Delay: Math.round(policy.delayNs),
		Monitor: Math.round(policy.monitorNs),
		FailureAction: policy.failureAction,
		MaxFailureRatio: policy.maxFailureRatio,
		Order: policy.order,
	};
}

export type SwarmEventSource = {engine: string; event: EngineEvent};

/**
 * Follows the engine event streams: the manager's service, node and container events, and each
 * reachable node engine's container events. Returns a function that closes them all.
 */
export async function followSwarmEvents(
	manager: Dockerode,
	nodes: Array<{hostname: string; docker: Dockerode}>,
	onEvent: (source: SwarmEventSource) => void,
	onError: (engine: string, error: Error) => void = () => {},
): Promise<() => void> {
	const streams: Array<NodeJS.ReadableStream & {destroy?: () => void}> = [];
	const open = async (engine: string, docker: Dockerode, types: string[]) => {
		try {
			const stream = (await (docker as any).getEvents({filters: {type: types}})) as NodeJS.ReadableStream & {destroy?: () => void};
			streams.push(stream);
			onLines(stream, line => {
				const event = parseEvent(line);
				if (event && !event.action.startsWith('exec_')) onEvent({engine, event});
			});
			stream.on('error', error => onError(engine, error as Error));
		} catch (error) {
			onError(engine, error as Error);
		}
	};

	await Promise.all([open('manager', manager, ['service', 'node', 'container']), ...nodes.map(async node => open(node.hostname, node.docker, ['container']))]);
	return () => {
		for (const stream of streams) {
			stream.removeAllListeners('data');
			stream.destroy?.();
		}
	};
}
