/**
 * The screen-test helpers (as Shopify cli-kit's testing/ui.ts is for its components): wait for a
 * frame, send keys and wait, retry an assertion. Ink renders and runs its effects on its own
 * schedule (a new screen subscribes its input in a passive effect), so a test waits for what the
 * screen shows rather than sleeping a fixed time (through the one polling wait, ./wait.ts).
 */

import {sleep, waitUntil, type WaitOptions} from './wait.js';

type Rendered = {lastFrame: () => string | undefined; stdin: {write: (data: string) => void}};

export const keys = {up: '\u001B[A', down: '\u001B[B', left: '\u001B[D', right: '\u001B[C', enter: '\r', escape: '\u001B', tab: '\t', ctrlC: '\u0003'};

/** One scheduling round for Ink: after a render and after each key, or input is dropped. */
export const tick = (ms = 50) => sleep(ms);

/** Gives Ink the round it needs to subscribe the screen's input before the first key. */
export const waitForInputsToBeReady = () => tick(100);

/** Resolves with the first frame the predicate accepts, or throws with the last frame (and what was awaited). */
export function waitForFrame(
	lastFrame: () => string | undefined,
	predicate: (frame: string) => boolean,
	options: number | WaitOptions = {},
): Promise<string> {
	const {timeoutMs = 10_000, what = 'the expected frame', intervalMs = 25} = typeof options === 'number' ? {timeoutMs: options} : options;
	const frame = () => lastFrame() ?? '';
	return waitUntil(() => {
		const text = frame();
		return predicate(text) && text;
	}, {timeoutMs, intervalMs, what, detail: () => `last frame:\n${frame()}`});
}

/** Waits until the frame shows `content` (a string or a pattern). */
export function waitForContent(app: Pick<Rendered, 'lastFrame'>, content: string | RegExp, timeoutMs = 10_000): Promise<string> {
	const matches = (frame: string) => (typeof content === 'string' ? frame.includes(content) : content.test(frame));
	return waitForFrame(app.lastFrame, matches, {timeoutMs, what: String(content)});
}

/** Writes each input, a tick after each, then waits `waitMs` more. */
export async function sendInputAndWait(app: Pick<Rendered, 'stdin'>, waitMs: number, ...inputs: string[]): Promise<void> {
	for (const input of inputs) {
		app.stdin.write(input);
		await tick();
	}

	await tick(waitMs);
}

/** Writes each input, then waits until the frame shows `content`. */
export async function sendInputAndWaitForContent(app: Rendered, content: string | RegExp, ...inputs: string[]): Promise<string> {
	await sendInputAndWait(app, 0, ...inputs);
	return waitForContent(app, content);
}

/** Retries an assertion until it passes or the time is up (then its last error is thrown). */
export async function eventually(assertion: () => void, timeoutMs = 2000): Promise<void> {
	await waitUntil(() => {
		assertion();
		return true;
	}, {timeoutMs, intervalMs: 50});
}
