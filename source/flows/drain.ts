/**
 * The one loop that runs a flow (or any event generator) to its end: each event goes to
 * `onEvent` as it is yielded, and the generator's return value is resolved. The TUI hook, the
 * headless reporter, flows running sub-flows and the benchmarks all drain through it.
 */
export async function drain<E, R>(generator: AsyncGenerator<E, R, void>, onEvent: (event: E) => void = () => {}): Promise<R> {
	let next = await generator.next();
	while (!next.done) {
		onEvent(next.value);
		next = await generator.next();
	}

	return next.value;
}

/** Drains and keeps every event, for callers that read the whole run afterwards. */
export async function collect<E, R>(generator: AsyncGenerator<E, R, void>, onEvent?: (event: E) => void): Promise<{events: E[]; value: R}> {
	const events: E[] = [];
	const value = await drain(generator, event => {
		events.push(event);
		onEvent?.(event);
	});
	return {events, value};
}
