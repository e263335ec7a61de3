import type {FlowEvent} from './types.js';

/**
 * Turns callbacks (a compose line, a health change) into events a flow can yield while it awaits
 * the work that produces them: `yield* channel.until(promise)` yields every pushed event as it
 * arrives and returns the promise's value.
 */
export class EventChannel<E = FlowEvent> {
	private readonly queue: E[] = [];
	private wake?: () => void;

	push = (event: E): void => {
		this.queue.push(event);
		this.wake?.();
	};

	async *until<T>(promise: Promise<T>): AsyncGenerator<E, T, void> {
		let settled = false;
		let failed = false;
		let value: T | undefined;
		let error: unknown;
		promise.then(
			result => {
				value = result;
				settled = true;
				this.wake?.();
			},
			(reason: unknown) => {
				error = reason;
				failed = true;
				settled = true;
				this.wake?.();
			},
		);
		for (;;) {
			while (this.queue.length > 0) yield this.queue.shift()!;
			if (settled) break;
			await new Promise<void>(resolve => {
				this.wake = resolve;
			});
			this.wake = undefined;
		}

		while (this.queue.length > 0) yield this.queue.shift()!;
		if (failed) throw error;
		return value as T;
	}
}
