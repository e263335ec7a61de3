import type Dockerode from 'dockerode';
import {fromInspect} from './parse.js';
import type {ContainerInfo} from './types.js';

/** One inspect per container at a time; `again` asks for a fresh one because an event arrived meanwhile. */
type Inspecting = {again: boolean; done: Promise<void>};

type Sink = {
	/** Inspected containers to put into the snapshot, in one update. */
	put: (containers: ContainerInfo[]) => void;
	/** The engine no longer knows this container. */
	remove: (id: string) => void;
};

/**
 * Inspects containers for the store. One inspect per container runs at a time; an event that
 * arrives while it runs makes its answer stale, so the answer is dropped and the container is
 * inspected again. Answers are applied in batches, one per turn of the event loop: the first
 * picture's inspect of a hundred containers is one update, not a hundred sorts and renders.
 */
export class ContainerInspector {
	private readonly inspecting = new Map<string, Inspecting>();
	private readonly pending = new Map<string, ContainerInfo>();
	private flushTimer?: NodeJS.Immediate;
	private flushed?: {promise: Promise<void>; resolve: () => void};
	private stopped = false;

	constructor(
		private readonly docker: Dockerode,
		private readonly sink: Sink,
	) {}

	/** Resolves once the snapshot shows the container as the engine has it now (or without it). */
	refresh(id: string): Promise<void> {
		const running = this.inspecting.get(id);
		if (running) {
			running.again = true;
			return running.done;
		}

		const entry: Inspecting = {again: false, done: Promise.resolve()};
		entry.done = (async () => {
			try {
				do {
					entry.again = false;
					let data: unknown;
					try {
						data = await this.docker.getContainer(id).inspect();
					} catch (error: any) {
						if (error?.statusCode === 404 && !entry.again) {
							this.pending.delete(id);
							this.sink.remove(id);
						}

						continue;
					}

					if (!entry.again && !this.stopped) await this.put(fromInspect(data));
				} while (entry.again && !this.stopped);
			} finally {
				this.inspecting.delete(id);
			}
		})();
		this.inspecting.set(id, entry);
		return entry.done;
	}

	/**
	 * An event about this container arrived: an inspect running or an answer waiting for its batch
	 * predates it. Returns the waiting answer (a base for the event's patch) and drops it.
	 */
	invalidate(id: string): ContainerInfo | undefined {
		const waiting = this.pending.get(id);
		this.pending.delete(id);
		const running = this.inspecting.get(id);
		if (running) running.again = true;
		return waiting;
	}

	stop(): void {
		this.stopped = true;
		if (this.flushTimer) clearImmediate(this.flushTimer);
		this.pending.clear();
		this.flushed?.resolve();
	}

	private put(container: ContainerInfo): Promise<void> {
		this.pending.set(container.id, container);
		this.flushTimer ??= setImmediate(() => this.flush());
		if (!this.flushed) {
			let resolve!: () => void;
			const promise = new Promise<void>(done => (resolve = done));
			this.flushed = {promise, resolve};
		}

		return this.flushed.promise;
	}

	private flush(): void {
		this.flushTimer = undefined;
		const containers = [...this.pending.values()];
		this.pending.clear();
		if (containers.length > 0 && !this.stopped) this.sink.put(containers);
		const flushed = this.flushed;
		this.flushed = undefined;
		flushed?.resolve();
	}
}
