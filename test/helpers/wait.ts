/**
 * The one polling wait of the tests: for what no event announces (a file appearing, a line in a
 * child's output, a frame Ink draws on its own schedule, a cluster converging), ask again every
 * `intervalMs` until the answer comes, rather than sleeping a fixed time.
 */

export type WaitOptions = {
	/** Give up after this long (default 10 s). */
	timeoutMs?: number;
	/** Time between two asks (default 50 ms). */
	intervalMs?: number;
	/** What is awaited, for the error at the timeout. */
	what?: string;
	/** More to say at the timeout (e.g. the last frame). */
	detail?: () => string;
};

type Answer<T> = T | undefined | null | false;

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Resolves with the first answer of `probe` that is not undefined, null or false. A probe that
 * throws is asked again; at the timeout its last error is thrown, else an error naming `what`.
 */
export async function waitUntil<T>(probe: () => Answer<T> | Promise<Answer<T>>, options: number | WaitOptions = {}): Promise<T> {
	const {timeoutMs = 10_000, intervalMs = 50, what = 'the condition', detail} = typeof options === 'number' ? {timeoutMs: options} : options;
	const started = Date.now();
	for (;;) {
		let failure: unknown;
		try {
			const answer = await probe();
			if (answer !== undefined && answer !== null && answer !== false) return answer;
		} catch (error) {
			failure = error;
		}

		if (Date.now() - started > timeoutMs) {
			if (failure !== undefined) throw failure;
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `; ${detail()}` : ''}`);
		}

		await sleep(intervalMs);
	}
}
