import Dockerode from 'dockerode';
import {type Endpoint, resolveEndpoint, toDockerodeOptions} from './connection.js';
import {fromImage, fromInspect, fromListEntry, fromVolume} from './parse.js';
import {StatsWatcher} from './stats-watcher.js';
import type {ContainerInfo, EngineEvent, EngineInfo, Snapshot} from './types.js';

type Listener = () => void;

/** Container actions that change nothing the snapshot shows. */
const ignoredActions = /^(exec_|attach|resize|top|archive-path|extract-to-dir|copy|export|commit)/;

export type StoreOptions = {
	endpoint?: Endpoint;
	docker?: Dockerode;
	/** How many stats points a container keeps for sparklines. */
	statsHistory?: number;
	/** Longest wait between reconnect attempts, ms. */
	maxBackoffMs?: number;
};

/**
 * One store of what the engine holds, shared by every screen and flow. It lists once, then follows
 * the engine's event stream; when the stream breaks it reports "unreachable" and reconnects with
 * back-off. Screens read it with useSyncExternalStore(subscribe, getSnapshot).
 */
export class DockerStore {
	readonly docker: Dockerode;
	readonly endpoint: Endpoint;
	private snapshot: Snapshot;
	private readonly listeners = new Set<Listener>();
	private events?: NodeJS.ReadableStream & {destroy?: () => void};
	private stopped = false;
	private backoffMs = 0;
	private reconnectTimer?: NodeJS.Timeout;
	private readonly pendingInspect = new Map<string, Promise<void>>();
	private readonly stats: StatsWatcher;
	private readonly maxBackoffMs: number;
	private imagesTimer?: NodeJS.Timeout;
	private volumesTimer?: NodeJS.Timeout;
	private started?: Promise<void>;

	constructor(options: StoreOptions = {}) {
		this.endpoint = options.endpoint ?? resolveEndpoint();
		this.docker = options.docker ?? new Dockerode(toDockerodeOptions(this.endpoint) as Dockerode.DockerOptions);
		this.maxBackoffMs = options.maxBackoffMs ?? 5000;
		this.snapshot = {
			status: 'connecting',
			endpoint: {host: this.endpoint.host, source: this.endpoint.source},
			containers: [],
			images: [],
			volumes: [],
			stats: {},
			reconnects: 0,
			version: 0,
		};
		this.stats = new StatsWatcher(this.docker, options.statsHistory ?? 60, (id, stats) => {
			if (stats) this.update({stats: {...this.snapshot.stats, [id]: stats}});
			else {
				const {[id]: _removed, ...rest} = this.snapshot.stats;
				this.update({stats: rest});
			}
		});
	}

	subscribe = (listener: Listener): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getSnapshot = (): Snapshot => this.snapshot;

	/** Connects and resolves once the first picture is in (ready or unreachable). Idempotent. */
	start(): Promise<void> {
		this.started ??= this.connect();
		return this.started;
	}

	stop(): void {
		this.stopped = true;
		clearTimeout(this.reconnectTimer);
		clearTimeout(this.imagesTimer);
		clearTimeout(this.volumesTimer);
		this.stats.stopAll();
		this.closeEvents();
	}

	/** Starts live stats for these containers; the returned function stops them. Ref-counted per container. */
	watchStats(ids: string[]): () => void {
		return this.stats.watch(ids);
	}

	/** Resolves with the first snapshot that satisfies the predicate; rejects on timeout or abort. */
	waitFor(predicate: (snapshot: Snapshot) => boolean, options: {timeoutMs?: number; signal?: AbortSignal} = {}): Promise<Snapshot> {
		return new Promise((resolve, reject) => {
			let timer: NodeJS.Timeout | undefined;
			const cleanup = () => {
				unsubscribe();
				clearTimeout(timer);
				options.signal?.removeEventListener('abort', onAbort);
			};

			const check = () => {
				if (predicate(this.snapshot)) {
					cleanup();
					resolve(this.snapshot);
				}
			};

			const onAbort = () => {
				cleanup();
				reject(options.signal?.reason ?? new Error('aborted'));
			};

			const unsubscribe = this.subscribe(check);
			if (options.timeoutMs !== undefined) {
				timer = setTimeout(() => {
					cleanup();
					reject(new Error(`timed out after ${options.timeoutMs} ms`));
				}, options.timeoutMs);
			}

			options.signal?.addEventListener('abort', onAbort, {once: true});
			check();
		});
	}

	/** Re-reads one container from the engine (after our own actions, or when an event says it changed). */
	async refreshContainer(id: string): Promise<void> {
		const pending = this.pendingInspect.get(id);
		if (pending) return pending;
		const work = (async () => {
			try {
				const data = await this.docker.getContainer(id).inspect();
				this.putContainer(fromInspect(data));
			} catch (error: any) {
				if (error?.statusCode === 404) this.removeContainer(id);
			} finally {
				this.pendingInspect.delete(id);
			}
		})();
		this.pendingInspect.set(id, work);
		return work;
	}

	async refreshImages(): Promise<void> {
		const images = await this.docker.listImages({all: false});
		this.update({images: images.map(fromImage)});
	}

	async refreshVolumes(): Promise<void> {
		const answer = await this.docker.listVolumes();
		this.update({volumes: (answer.Volumes ?? []).map(fromVolume)});
	}

	private async connect(): Promise<void> {
		if (this.stopped) return;
		try {
			await this.openEvents();
			const [info, version, containers] = await Promise.all([
				this.docker.info(),
				this.docker.version(),
				this.docker.listContainers({all: true}),
			]);
			this.backoffMs = 0;
			this.update({
				status: 'ready',
				error: undefined,
				engine: this.toEngineInfo(info, version),
				containers: containers.map(fromListEntry),
			});
			// Details (health log, tmpfs, limits), images and volumes follow the first picture.
			this.stats.resume();
			void this.inspectAll();
			void this.refreshImages().catch(() => {});
			void this.refreshVolumes().catch(() => {});
		} catch (error) {
			this.markUnreachable(error);
		}
	}

	private async inspectAll(): Promise<void> {
		const ids = this.snapshot.containers.map(container => container.id);
		const queue = [...ids];
		const worker = async () => {
			for (let id = queue.shift(); id; id = queue.shift()) await this.refreshContainer(id);
		};

		await Promise.all(Array.from({length: Math.min(8, queue.length)}, worker));
	}

	private async openEvents(): Promise<void> {
		this.closeEvents();
		const stream = (await this.docker.getEvents({
			filters: {type: ['container', 'image', 'volume']},
		})) as NodeJS.ReadableStream & {destroy?: () => void};
		this.events = stream;
		let buffer = '';
		stream.on('data', (chunk: Buffer) => {
			buffer += chunk.toString('utf8');
			let newline = buffer.indexOf('\n');
			while (newline !== -1) {
				const line = buffer.slice(0, newline).trim();
				buffer = buffer.slice(newline + 1);
				if (line) this.onEvent(line);
				newline = buffer.indexOf('\n');
			}
		});
		const lost = (error?: unknown) => {
			if (this.events !== stream || this.stopped) return;
			this.events = undefined;
			this.markUnreachable(error ?? new Error('the engine closed its event stream'));
		};

		stream.on('end', () => lost());
		stream.on('close', () => lost());
		stream.on('error', error => lost(error));
	}

	private closeEvents(): void {
		const stream = this.events;
		this.events = undefined;
		stream?.removeAllListeners?.('data');
		stream?.destroy?.();
	}

	private onEvent(line: string): void {
		let raw: any;
		try {
			raw = JSON.parse(line);
		} catch {
			return;
		}

		const action: string = raw.Action ?? raw.status ?? '';
		const event: EngineEvent = {
			type: raw.Type,
			action,
			id: raw.Actor?.ID ?? raw.id ?? '',
			attributes: raw.Actor?.Attributes ?? {},
			timeNano: raw.timeNano ?? (raw.time ?? 0) * 1e9,
			receivedAt: Date.now(),
		};
		if (event.type === 'container') {
			if (ignoredActions.test(action)) return;
			this.applyContainerEvent(event);
		} else if (event.type === 'image') {
			clearTimeout(this.imagesTimer);
			this.imagesTimer = setTimeout(() => void this.refreshImages().catch(() => {}), 150);
		} else if (event.type === 'volume') {
			clearTimeout(this.volumesTimer);
			this.volumesTimer = setTimeout(() => void this.refreshVolumes().catch(() => {}), 150);
		}

		this.update({lastEvent: event});
	}

	/** Patch what the event says at once (so screens see it within milliseconds), then inspect for the rest. */
	private applyContainerEvent(event: EngineEvent): void {
		if (event.action === 'destroy') {
			this.removeContainer(event.id);
			this.stats.forget(event.id);
			return;
		}

		const existing = this.snapshot.containers.find(container => container.id === event.id);
		if (existing) {
			const patch: Partial<ContainerInfo> = {};
			if (event.action.startsWith('health_status')) {
				const value = event.action.split(':')[1]?.trim();
				if (value === 'healthy' || value === 'unhealthy' || value === 'starting') patch.health = value;
			} else if (event.action === 'start') {
				patch.state = 'running';
			} else if (event.action === 'die') {
				patch.state = 'exited';
				patch.exitCode = Number(event.attributes.exitCode ?? 0);
			} else if (event.action === 'pause') {
				patch.state = 'paused';
			} else if (event.action === 'unpause') {
				patch.state = 'running';
			}

			if (Object.keys(patch).length > 0) this.putContainer({...existing, ...patch});
		}

		void this.refreshContainer(event.id);
	}

	private putContainer(container: ContainerInfo): void {
		// Most puts replace a container under the same name (every inspect does): keep the order
		// then, instead of sorting the whole list again for each of a hundred inspects.
		const containers = [...this.snapshot.containers];
		const index = containers.findIndex(existing => existing.id === container.id);
		if (index !== -1 && containers[index].name === container.name) {
			containers[index] = container;
		} else {
			if (index !== -1) containers.splice(index, 1);
			containers.push(container);
			containers.sort((a, b) => a.name.localeCompare(b.name));
		}

		this.update({containers});
	}

	private removeContainer(id: string): void {
		if (!this.snapshot.containers.some(container => container.id === id)) return;
		this.update({containers: this.snapshot.containers.filter(container => container.id !== id)});
	}

	private markUnreachable(error: unknown): void {
		if (this.stopped) return;
		this.closeEvents();
		this.stats.stopAll();
		const message = error instanceof Error ? error.message : String(error);
		const wasReady = this.snapshot.status === 'ready';
		this.update({status: 'unreachable', error: message, reconnects: this.snapshot.reconnects + (wasReady ? 1 : 0)});
		this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs === 0 ? 250 : this.backoffMs * 2);
		clearTimeout(this.reconnectTimer);
		this.reconnectTimer = setTimeout(() => {
			void this.connect();
		}, this.backoffMs);
		this.reconnectTimer.unref?.();
	}

	private toEngineInfo(info: any, version: any): EngineInfo {
		const podman = (version.Components ?? []).some((component: any) => /podman/i.test(component.Name ?? ''));
		const cgroup = String(info.CgroupVersion ?? '');
		return {
			version: version.Version ?? info.ServerVersion ?? '?',
			apiVersion: version.ApiVersion ?? '?',
			os: info.OperatingSystem ?? version.Os ?? '?',
			kernel: info.KernelVersion ?? version.KernelVersion ?? '?',
			arch: info.Architecture ?? version.Arch ?? '?',
			cgroupVersion: cgroup === '1' || cgroup === '2' ? cgroup : 'unknown',
			cpus: info.NCPU ?? 0,
			memoryBytes: info.MemTotal ?? 0,
			storageDriver: info.Driver ?? '?',
			rootDir: info.DockerRootDir ?? '',
			flavour: podman ? 'podman' : 'docker',
			host: this.endpoint.host,
			hostSource: this.endpoint.source,
		};
	}

	private update(patch: Partial<Snapshot>): void {
		this.snapshot = {...this.snapshot, ...patch, version: this.snapshot.version + 1};
		for (const listener of this.listeners) listener();
	}
}
