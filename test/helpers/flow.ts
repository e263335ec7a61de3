/**
 * For a test that follows a long-running flow a part at a time (a watch that yields a dashboard
 * every round): what source/flows/drain.ts does for a whole run, up to one event.
 */

/**
 * Pulls events from `generator`, each to `onEvent`, up to and including the first one `stop`
 * accepts; resolves with that event, or undefined when the flow ended first. The generator stays
 * open, so the next call goes on from there.
 */
export async function drainUntil<E>(generator: AsyncGenerator<E, unknown, void>, stop: (event: E) => boolean, onEvent: (event: E) => void = () => {}): Promise<E | undefined> {
	for (let next = await generator.next(); !next.done; next = await generator.next()) {
		onEvent(next.value);
		if (stop(next.value)) return next.value;
	}

	return undefined;
}
