import Dockerode from 'dockerode';
import {type Endpoint, resolveEndpoint, toDockerodeOptions} from './connection.js';
import {answerTimeoutMs, EngineNoAnswerError} from './engine-probe.js';
import {containerPatch, ignoredContainerActions, onLines, parseEvent} from './events.js';
import {ContainerInspector} from './inspector.js';
import {engineInfo, fromImage, fromListEntry, fromVolume} from './parse.js';
import {localStats, statsSourceFromEnv} from './local-stats.js';
import {type StatsSource, StatsWatcher} from './stats-watcher.js';
import {byName, withContainer} from './container-list.js';
import type {EngineEvent, Snapshot} from './types.js';
import {type WaitOptions, waitForSnapshot} from './wait-for.js';

type Listener = () => void;
type WithSignal = {info(options: {abortSignal: AbortSignal}): Promise<any>; version(options: {abortSignal: AbortSignal}): Promise<Dockerode.DockerVersion>};

export type StoreOptions = {
	endpoint?: Endpoint;
	docker?: Dockerode;
	/** How many stats points a container keeps for sparklines. */
	statsHistory?: number;
	/** Longest wait between reconnect attempts, ms. */
	maxBackoffMs?: number;
	/**
	 * The details that follow the first picture (every container inspected, images, volumes) wait
	 * for this: the TUI passes "the first frame is drawn", so they do not compete with it.
	 */
	detailsAfter?: Promise<unknown>;
	/**
	 * Where live stats come from: "auto" (the default) reads the kernel's cgroup files when the
	 * engine runs on this machine and its containers' processes are visible, else asks the engine;
	 * "engine" always asks the engine. ALPINIST_STATS sets it too.
	 */
	statsSource?: 'auto' | 'engine';
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
	private readonly inspector: ContainerInspector;
	/** The engine was ready, then lost: the next ready counts as a reconnect. */
	private lost = false;
	private readonly stats: StatsWatcher;
	private readonly maxBackoffMs: number;
	private imagesTimer?: NodeJS.Timeout;
	private volumesTimer?: NodeJS.Timeout;
	private started?: Promise<void>;
	private readonly detailsAfter?: Promise<unknown>;
	/** The first requests of a connection attempt, abandoned on timeout or stop. */
	private connecting?: AbortController;

	constructor(options: StoreOptions = {}) {
		this.endpoint = options.endpoint ?? resolveEndpoint();
		this.docker = options.docker ?? new Dockerode(toDockerodeOptions(this.endpoint) as Dockerode.DockerOptions);
		this.maxBackoffMs = options.maxBackoffMs ?? 5000;
		this.detailsAfter = options.detailsAfter;
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
		this.inspector = new ContainerInspector(this.docker, {
			put: containers => {
				const ids = new Set(containers.map(container => container.id));
				const next = this.snapshot.containers.filter(existing => !ids.has(existing.id)).concat(containers);
				this.update({containers: next.sort(byName)});
			},
			remove: id => this.removeContainer(id),
		});
		// Every change of one sampling round is one update: one redraw for a screenful of rows.
		this.stats = new StatsWatcher(
			this.docker,
			options.statsHistory ?? 60,
			changes => {
				const stats = {...this.snapshot.stats};
				for (const [id, figures] of changes) {
					if (figures) stats[id] = figures;
					else delete stats[id];
				}

				this.update({stats});
			},
			// Resolved on the first watch: a command that watches nothing reads no mountinfo.
			() => localStats(this.endpoint, options.statsSource ?? statsSourceFromEnv(), () => this.snapshot.containers),
		);
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
		this.connecting?.abort(new Error('stopped'));
		clearTimeout(this.reconnectTimer);
		clearTimeout(this.imagesTimer);
		clearTimeout(this.volumesTimer);
		this.inspector.stop();
		this.stats.stopAll();
		this.closeEvents();
	}

	/** Starts live stats for these containers; the returned function stops them. Ref-counted per container. */
	watchStats(ids: string[], options: {intervalMs?: number} = {}): () => void {
		return this.stats.watch(ids, options);
	}

	/** Where a watched container's figures come from: its cgroup files, or the engine's stats stream. */
	statsSourceOf(id: string): StatsSource | undefined {
		return this.stats.sourceOf(id);
	}

	/** Resolves with the first snapshot that satisfies the predicate; rejects on timeout or abort. */
	waitFor(predicate: (snapshot: Snapshot) => boolean, options: WaitOptions = {}): Promise<Snapshot> {
		return waitForSnapshot(this, predicate, options);
	}

	/**
	 * Re-reads one container from the engine (after our own actions, or when an event says it
	 * changed); resolves once the snapshot shows it. See ContainerInspector.
	 */
	refreshContainer(id: string): Promise<void> {
		return this.inspector.refresh(id);
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
		// An engine that accepts and never answers must not hold a command forever: the first
		// requests are abandoned after the answer timeout, and the engine counts as not answering.
		const first = new AbortController();
		this.connecting = first;
		const timeoutMs = answerTimeoutMs();
		const timer = setTimeout(() => first.abort(new EngineNoAnswerError(timeoutMs)), timeoutMs);
		try {
			// Every request at once, the event subscription first: the first picture costs one round trip.
			const abortSignal = first.signal;
			const events = this.openEvents(abortSignal);
			const [info, version, containers] = await Promise.all([
				// dockerode's types omit the options these two take (docker-modem reads abortSignal from them).
				(this.docker as unknown as WithSignal).info({abortSignal}),
				(this.docker as unknown as WithSignal).version({abortSignal}),
				this.docker.listContainers({all: true, abortSignal}),
				events,
			]);
			clearTimeout(timer);
			if (this.stopped) {
				this.closeEvents();
				return;
			}

			const recovered = this.lost;
			this.lost = false;
			this.backoffMs = 0;
			this.update({
				status: 'ready',
				error: undefined,
				errorCode: undefined,
				engine: engineInfo(info, version, this.endpoint),
				containers: containers.map(fromListEntry).sort(byName),
				reconnects: this.snapshot.reconnects + (recovered ? 1 : 0),
			});
			// Details (health log, tmpfs, limits), images and volumes follow the first picture.
			this.stats.resume();
			void Promise.resolve(this.detailsAfter).then(() => {
				if (this.stopped || this.snapshot.status !== 'ready') return;
				void this.inspectAll();
				void this.refreshImages().catch(() => {});
				void this.refreshVolumes().catch(() => {});
			});
		} catch (error) {
			clearTimeout(timer);
			this.markUnreachable(first.signal.aborted && first.signal.reason instanceof EngineNoAnswerError ? first.signal.reason : error);
		} finally {
			if (this.connecting === first) this.connecting = undefined;
		}
	}

	/**
	 * Inspects every container: those of the first list, and those of a second list taken now that
	 * events flow (the first list may predate the subscription by a moment; nothing slips between).
	 */
	private async inspectAll(): Promise<void> {
		let listed: string[] = [];
		try {
			listed = (await this.docker.listContainers({all: true})).map(entry => entry.Id);
		} catch {}

		const queue = [...new Set([...this.snapshot.containers.map(container => container.id), ...listed])];
		const worker = async () => {
			for (let id = queue.shift(); id && !this.stopped; id = queue.shift()) await this.refreshContainer(id);
		};

		await Promise.all(Array.from({length: Math.min(8, queue.length)}, worker));
	}

	private async openEvents(abortSignal?: AbortSignal): Promise<void> {
		this.closeEvents();
		const stream = (await this.docker.getEvents({
			filters: {type: ['container', 'image', 'volume']},
			abortSignal,
		})) as NodeJS.ReadableStream & {destroy?: () => void};
		if (this.stopped) {
			stream.destroy?.();
			return;
		}

		this.events = stream;
		onLines(stream, line => this.onEvent(line));
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
		const event = parseEvent(line);
		if (!event) return;
		let patch: Partial<Snapshot> = {};
		if (event.type === 'container') {
			if (ignoredContainerActions.test(event.action)) return;
			patch = this.applyContainerEvent(event);
		} else if (event.type === 'image') {
			clearTimeout(this.imagesTimer);
			this.imagesTimer = setTimeout(() => void this.refreshImages().catch(() => {}), 150);
		} else if (event.type === 'volume') {
			clearTimeout(this.volumesTimer);
			this.volumesTimer = setTimeout(() => void this.refreshVolumes().catch(() => {}), 150);
		}

		// One update carries the change and the event that caused it.
		this.update({...patch, lastEvent: event});
	}

	/** What the event says, patched at once (screens see it within milliseconds); an inspect follows for the rest. */
	private applyContainerEvent(event: EngineEvent): Partial<Snapshot> {
		// An inspect running or waiting for its batch predates this event: the one it causes replaces it
		// (after destroy it finds nothing, so the container does not come back).
		const waiting = this.inspector.invalidate(event.id);
		if (event.action === 'destroy') {
			this.stats.forget(event.id);
			return {containers: this.snapshot.containers.filter(container => container.id !== event.id)};
		}

		void this.refreshContainer(event.id);
		const existing = this.snapshot.containers.find(container => container.id === event.id) ?? waiting;
		if (!existing) return {};
		const patch = containerPatch(existing, event);
		return Object.keys(patch).length > 0 ? {containers: withContainer(this.snapshot.containers, {...existing, ...patch})} : {};
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
		const errorCode = (error as {code?: unknown} | undefined)?.code;
		if (this.snapshot.status === 'ready') this.lost = true;
		this.update({status: 'unreachable', error: message, errorCode: typeof errorCode === 'string' ? errorCode : undefined});
		this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs === 0 ? 250 : this.backoffMs * 2);
		clearTimeout(this.reconnectTimer);
		this.reconnectTimer = setTimeout(() => {
			void this.connect();
		}, this.backoffMs);
		this.reconnectTimer.unref?.();
	}

	private update(patch: Partial<Snapshot>): void {
		this.snapshot = {...this.snapshot, ...patch, version: this.snapshot.version + 1};
		for (const listener of this.listeners) listener();
	}
}
