import type Dockerode from 'dockerode';
import {healthFromAction} from '../../docker/events.js';
import {followSwarmEvents, type SwarmClient} from '../../docker/swarm-client.js';
import type {SwarmNode} from '../../docker/swarm.js';
import {buildState, type StackState, type TaskHealth, type VariantOf} from './state.js';

export type WatchNote = {at: number; text: string};

/**
 * The stack, followed from the engines' event streams: the manager's service and node events and
 * the node engines' container events (health_status, die). Each event re-reads the services and
 * tasks (debounced); nothing polls, except for nodes whose engine alpinist cannot reach, whose
 * tasks are re-read every `fallbackMs` (and that is said in `followedBy`).
 */
export class StackWatch {
	state?: StackState;
	readonly notes: WatchNote[] = [];
	/** Nodes seen down (hostname), in the order they went. */
	readonly downNodes: string[] = [];
	readonly containerHealth = new Map<string, TaskHealth>();
	readonly healthEvents: Array<{at: number; engine: string; container: string; task?: string; health: TaskHealth}> = [];
	private readonly waiters = new Set<() => void>();
	private readonly listeners = new Set<(state: StackState) => void>();
	private close?: () => void;
	private timer?: NodeJS.Timeout;
	private fallback?: NodeJS.Timeout;
	private refreshing?: Promise<void>;
	private again = false;
	private stopped = false;
	private knownNodes = new Map<string, SwarmNode>();
	events = 0;
	reads = 0;

	constructor(
		private readonly client: SwarmClient,
		private readonly stack: string,
		private readonly engines: Array<{hostname: string; docker: Dockerode}>,
		private readonly variantOf: VariantOf,
		private readonly options: {fallbackMs?: number} = {},
	) {}

	/** How the tasks of each node are followed, for the output. */
	followedBy(): string[] {
		const reachable = new Set(this.engines.map(engine => engine.hostname));
		return (this.state?.nodes ?? []).map(node =>
			reachable.has(node.hostname)
				? `${node.hostname}: container events and stats from its engine`
				: `${node.hostname}: no engine reachable, tasks re-read from the manager every ${(this.options.fallbackMs ?? 2000) / 1000} s and health from Swarm's task state`,
		);
	}

	async start(): Promise<StackState> {
		this.close = await followSwarmEvents(
			this.client.docker,
			this.engines,
			({engine, event}) => {
				this.events++;
				if (event.type === 'container') {
					const service = event.attributes['com.docker.swarm.service.name'];
					if (!service?.startsWith(`${this.stack}_`)) return;
					const health = healthFromAction(event.action);
					if (health) {
						this.containerHealth.set(event.id, health);
						this.healthEvents.push({at: Date.now(), engine, container: event.id, task: event.attributes['com.docker.swarm.task.id'], health});
					} else if (event.action === 'die') this.containerHealth.set(event.id, 'unhealthy');
					else if (event.action === 'start') this.containerHealth.set(event.id, 'starting');
				} else if (event.type === 'node') {
					const name = event.attributes.name ?? event.id;
					const state = event.attributes['state.new'];
					if (state) this.note(`node ${name}: ${event.attributes['state.old'] ?? '?'} → ${state}`);
					if (state === 'down' && !this.downNodes.includes(name)) this.downNodes.push(name);
				} else if (event.type === 'service') {
					const name = event.attributes.name;
					if (!name?.startsWith(`${this.stack}_`)) return;
					const state = event.attributes['updatestate.new'];
					if (state) this.note(`${name}: update ${state}`);
				}

				this.schedule();
			},
			(engine, error) => {
				this.note(`${engine}: event stream lost (${error.message})`);
				this.schedule();
			},
		);
		await this.refresh();
		const reachable = new Set(this.engines.map(engine => engine.hostname));
		if (this.state && this.state.nodes.some(node => !reachable.has(node.hostname))) {
			this.fallback = setInterval(() => this.schedule(), this.options.fallbackMs ?? 2000);
			this.fallback.unref?.();
		}

		return this.state!;
	}

	stop(): void {
		this.stopped = true;
		clearTimeout(this.timer);
		clearInterval(this.fallback);
		this.close?.();
		for (const wake of this.waiters) wake();
	}

	onChange(listener: (state: StackState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private note(text: string): void {
		this.notes.push({at: Date.now(), text});
	}

	private schedule(): void {
		if (this.stopped) return;
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.refresh().catch(error => this.note(`re-reading the stack failed: ${(error as Error).message}`)), 100);
	}

	/** Reads nodes, services and tasks once; concurrent calls share one read, and one more follows. */
	async refresh(): Promise<void> {
		if (this.refreshing) {
			this.again = true;
			return this.refreshing;
		}

		this.refreshing = (async () => {
			do {
				this.again = false;
				this.reads++;
				const [nodes, services] = await Promise.all([this.client.nodes(), this.client.stackServices(this.stack)]);
				const tasks = await this.client.tasks(services.map(service => service.id));
				for (const node of nodes) {
					const before = this.knownNodes.get(node.id);
					if (before && before.state !== node.state && node.state === 'down' && !this.downNodes.includes(node.hostname)) this.downNodes.push(node.hostname);
					this.knownNodes.set(node.id, node);
				}

				this.state = buildState({stack: this.stack, nodes, services, tasks, containerHealth: this.containerHealth, variantOf: this.variantOf});
				for (const listener of this.listeners) listener(this.state);
				for (const wake of this.waiters) wake();
			} while (this.again && !this.stopped);
		})().finally(() => {
			this.refreshing = undefined;
		});
		return this.refreshing;
	}

	/**
	 * Resolves with the first state that `done` accepts (checked at once and after each read);
	 * rejects after timeoutMs or when the signal fires.
	 */
	async until<T>(done: (state: StackState) => T | undefined, timeoutMs: number, signal: AbortSignal, what: string): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			let timer: NodeJS.Timeout | undefined;
			const finish = () => {
				clearTimeout(timer);
				this.waiters.delete(check);
				signal.removeEventListener('abort', aborted);
			};

			const check = () => {
				if (this.stopped) return;
				const value = this.state ? done(this.state) : undefined;
				if (value !== undefined) {
					finish();
					resolve(value);
				}
			};

			const aborted = () => {
				finish();
				reject(new Error(`interrupted while waiting for ${what}`));
			};

			timer = setTimeout(() => {
				finish();
				reject(new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`));
			}, timeoutMs);
			signal.addEventListener('abort', aborted, {once: true});
			this.waiters.add(check);
			check();
		});
	}
}
