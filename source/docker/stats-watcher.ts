import type Dockerode from 'dockerode';
import {onLines} from './events.js';
import {computeStats, type RawStats} from './stats.js';
import type {ContainerStats} from './types.js';

type Stream = NodeJS.ReadableStream & {destroy?: () => void};

/**
 * Live stats only for the containers a view watches: one engine stream per container (the engine
 * samples once a second), opened on the first watcher and closed when the last one leaves.
 */
export class StatsWatcher {
	private readonly refs = new Map<string, number>();
	private readonly streams = new Map<string, Stream>();
	/** Containers whose stream is being opened: a second watch meanwhile must not open another. */
	private readonly opening = new Set<string>();
	private readonly latest = new Map<string, ContainerStats>();

	constructor(
		private readonly docker: Dockerode,
		private readonly historySize: number,
		private readonly onChange: (id: string, stats: ContainerStats | undefined) => void,
	) {}

	watch(ids: string[]): () => void {
		const unique = [...new Set(ids)];
		for (const id of unique) {
			const count = this.refs.get(id) ?? 0;
			this.refs.set(id, count + 1);
			if (count === 0) void this.open(id);
		}

		let released = false;
		return () => {
			if (released) return;
			released = true;
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
		// Watchers keep their refs: after a reconnect the store calls resume().
	}

	resume(): void {
		for (const id of this.refs.keys()) void this.open(id);
	}

	private close(id: string): void {
		this.refs.delete(id);
		this.streams.get(id)?.destroy?.();
		this.streams.delete(id);
		if (this.latest.delete(id)) this.onChange(id, undefined);
	}

	private async open(id: string): Promise<void> {
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

		const previous = this.latest.get(id);
		const stats = computeStats(raw);
		// A stopped container answers with empty samples: keep the last real figures' history.
		if (!raw.read || raw.read.startsWith('0001-')) return;
		const history = [...(previous?.history ?? []), {at: stats.readAt, cpuPercent: stats.cpuPercent, memUsage: stats.memUsage}];
		if (history.length > this.historySize) history.splice(0, history.length - this.historySize);
		const next: ContainerStats = {...stats, history};
		this.latest.set(id, next);
		this.onChange(id, next);
	}
}
