import type Dockerode from 'dockerode';
import type {CgroupSampler} from './cgroup-stats.js';
import {onLines} from './events.js';
import {computeStats, cpuCounters, type RawStats, type Stats} from './stats.js';
import type {ContainerStats} from './types.js';

type Stream = NodeJS.ReadableStream & {destroy?: () => void};

/** What the watcher needs to know of a container to read its cgroup files. */
export type ContainerProcess = {inspected: boolean; pid?: number; ownNetwork: boolean};

/** Stats from the kernel's cgroup files, for an engine on this machine (see cgroup-stats.ts). */
export type LocalStats = {
	sampler: CgroupSampler;
	/** The container as the store knows it now; undefined once it is gone. */
	lookup: (id: string) => ContainerProcess | undefined;
};

/** A view's refresh period bounds how often cgroup files are read (the engine streams once a second anyway). */
const minIntervalMs = 250;
const defaultIntervalMs = 1000;

export type StatsSource = 'cgroup' | 'engine';

/**
 * Live stats only for the containers a view watches, opened on the first watcher and closed when
 * the last one leaves. Each container's figures come from its cgroup files when the engine runs on
 * this machine (one pread per file and second for all of them, nothing asked of the engine), or
 * else from one engine stream per container (the engine samples once a second). The same formulas
 * turn either into figures (stats.ts).
 */
export class StatsWatcher {
	private readonly refs = new Map<string, number>();
	private readonly streams = new Map<string, Stream>();
	/** Containers whose stream is being opened: a second watch meanwhile must not open another. */
	private readonly opening = new Set<string>();
	private readonly latest = new Map<string, ContainerStats>();
	/** Local: containers not attached yet (not inspected, not running, or stopped since). */
	private readonly waiting = new Set<string>();
	/** Local: the counters of each attached container's last sample, for the next CPU delta. */
	private readonly previous = new Map<string, {cpu: number; system: number; at: number}>();
	private readonly sources = new Map<string, StatsSource>();
	private ticker?: NodeJS.Timeout;
	private tickerMs = 0;
	/** undefined: not looked for yet; null: none (the engine is asked). */
	private resolvedLocal?: LocalStats | null;
	/** The sampling period each watch asked for; the shortest one applies. */
	private readonly periods = new Map<symbol, number>();

	constructor(
		private readonly docker: Dockerode,
		private readonly historySize: number,
		private readonly onChange: (changes: Array<[string, ContainerStats | undefined]>) => void,
		/** Cgroup-file stats, when the engine is on this machine: looked for on the first watch. */
		private readonly findLocal: () => LocalStats | undefined = () => undefined,
	) {}

	private get local(): LocalStats | undefined {
		if (this.resolvedLocal === undefined) this.resolvedLocal = this.findLocal() ?? null;
		return this.resolvedLocal ?? undefined;
	}

	/** Where a watched container's figures come from. */
	sourceOf(id: string): StatsSource | undefined {
		return this.sources.get(id);
	}

	/**
	 * Watches these containers until the returned function is called. `intervalMs` is how often the
	 * watcher wants figures (a view's refresh): cgroup files are read at the shortest period any
	 * watch asked for (1 s by default, 250 ms at the least); engine streams stay at the engine's 1 s.
	 */
	watch(ids: string[], options: {intervalMs?: number} = {}): () => void {
		const unique = [...new Set(ids)];
		const watch = Symbol('watch');
		this.periods.set(watch, Math.max(minIntervalMs, options.intervalMs ?? defaultIntervalMs));
		const opened: string[] = [];
		for (const id of unique) {
			const count = this.refs.get(id) ?? 0;
			this.refs.set(id, count + 1);
			if (count === 0) opened.push(id);
		}

		this.open(opened);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.periods.delete(watch);
			for (const id of unique) {
				const count = (this.refs.get(id) ?? 1) - 1;
				if (count > 0) this.refs.set(id, count);
				else this.close(id);
			}
		};
	}

	/** A container is gone: drop its stream and figures. */
	forget(id: string): void {
		this.close(id);
	}

	stopAll(): void {
		for (const id of [...this.streams.keys()]) this.streams.get(id)?.destroy?.();
		this.streams.clear();
		this.resolvedLocal?.sampler.detachAll();
		this.previous.clear();
		this.waiting.clear();
		this.sources.clear();
		clearInterval(this.ticker);
		this.ticker = undefined;
		// Watchers keep their refs: after a reconnect the store calls resume().
	}

	resume(): void {
		this.open([...this.refs.keys()]);
	}

	private open(ids: string[]): void {
		if (ids.length === 0) return;
		if (!this.local) {
			for (const id of ids) void this.openStream(id);
			return;
		}

		const attached = new Set<string>();
		for (const id of ids) {
			if (this.attach(id)) attached.add(id);
		}

		// The first reading is the base of the first CPU delta: figures follow at the next tick.
		if (attached.size > 0) this.sampleLocal(attached);
		this.tick();
	}

	/** Local: reads the container's cgroup files from now on, waits for it, or asks the engine instead. */
	private attach(id: string): boolean {
		const {sampler, lookup} = this.local!;
		if (sampler.has(id)) return true;
		const container = lookup(id);
		if (!container || !container.inspected || !container.pid) {
			// Not inspected yet, or not running: look again at the next tick.
			this.waiting.add(id);
			return false;
		}

		const attached = sampler.attach(id, container.pid, container.ownNetwork);
		this.waiting.delete(id);
		if (attached === true) {
			this.sources.set(id, 'cgroup');
			return true;
		}

		// Its files are not readable from here (another machine's engine, another PID namespace).
		void this.openStream(id);
		return false;
	}

	private tick(): void {
		const active = this.local && (this.local.sampler.size > 0 || this.waiting.size > 0);
		const period = Math.min(defaultIntervalMs * 60, ...this.periods.values());
		if (this.ticker && (!active || period !== this.tickerMs)) {
			clearInterval(this.ticker);
			this.ticker = undefined;
		}

		if (active && !this.ticker) {
			this.tickerMs = period;
			this.ticker = setInterval(() => this.onTick(), period);
			this.ticker.unref?.();
		}
	}

	private onTick(): void {
		for (const id of [...this.waiting]) this.attach(id);
		// The newly attached take their first reading here: the base of their first CPU delta.
		this.sampleLocal();
		this.tick();
	}

	private sampleLocal(only?: Set<string>): void {
		const {samples, gone} = this.local!.sampler.sample(only);
		const changes: Array<[string, ContainerStats | undefined]> = [];
		const now = performance.now();
		for (const [id, raw] of samples) {
			const counters = cpuCounters(raw);
			const previous = this.previous.get(id);
			// A delta over much less than the shortest period says little: keep the older base.
			if (previous && now - previous.at < minIntervalMs * 0.8) continue;
			this.previous.set(id, {...counters, at: now});
			if (!previous) continue;
			changes.push([id, this.record(id, computeStats(raw, previous))]);
		}

		for (const id of gone) {
			// It stopped (its cgroup went with it): keep its last figures, attach again when it runs.
			this.previous.delete(id);
			this.sources.delete(id);
			if (this.refs.has(id)) this.waiting.add(id);
		}

		if (changes.length > 0) this.onChange(changes);
	}

	private close(id: string): void {
		this.refs.delete(id);
		this.streams.get(id)?.destroy?.();
		this.streams.delete(id);
		this.resolvedLocal?.sampler.detach(id);
		this.waiting.delete(id);
		this.previous.delete(id);
		this.sources.delete(id);
		if (this.latest.delete(id)) this.onChange([[id, undefined]]);
		if (this.resolvedLocal) this.tick();
	}

	private async openStream(id: string): Promise<void> {
		if (this.streams.has(id) || this.opening.has(id)) return;
		this.opening.add(id);
		let stream: Stream;
		try {
			stream = (await this.docker.getContainer(id).stats({stream: true})) as unknown as Stream;
		} catch {
			return;
		} finally {
			this.opening.delete(id);
		}

		if (!this.refs.has(id)) {
			stream.destroy?.();
			return;
		}

		this.streams.set(id, stream);
		this.sources.set(id, 'engine');
		onLines(stream, line => this.onSample(id, line));
		const ended = () => {
			if (this.streams.get(id) === stream) this.streams.delete(id);
		};

		stream.on('error', ended);
		stream.on('end', ended);
	}

	private onSample(id: string, line: string): void {
		let raw: RawStats;
		try {
			raw = JSON.parse(line) as RawStats;
		} catch {
			return;
		}

		// A stopped container answers with empty samples: keep the last real figures' history.
		if (!raw.read || raw.read.startsWith('0001-')) return;
		this.onChange([[id, this.record(id, computeStats(raw))]]);
	}

	/** The figures with their history (the sparklines), kept as the latest for the container. */
	private record(id: string, stats: Stats): ContainerStats {
		const previous = this.latest.get(id);
		const history = [...(previous?.history ?? []), {at: stats.readAt, cpuPercent: stats.cpuPercent, memUsage: stats.memUsage}];
		if (history.length > this.historySize) history.splice(0, history.length - this.historySize);
		const next: ContainerStats = {...stats, history};
		this.latest.set(id, next);
		return next;
	}
}
