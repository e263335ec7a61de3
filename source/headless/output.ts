import {randomBytes} from 'node:crypto';
import {appendFileSync} from 'node:fs';
import {Writable} from 'node:stream';
import {stripControl} from '../format.js';

/**
 * The one sanitising point of the headless side. Every command writes through these streams
 * (cli.tsx wraps stdout and stderr once), so no terminal escape carried by an untrusted string (a
 * label, a log line, a compose value, a Dockerfile) reaches a terminal, whatever path printed it:
 * plain lines, Markdown, NDJSON, the step summary file.
 *
 * - Text (plain lines, Markdown, stderr): each line loses its control sequences (CSI, OSC, DCS…,
 *   C0 and C1 controls); newlines and tabs stay.
 * - JSON on stdout: JSON.stringify already escapes C0 and ESC; raw C1 controls (U+0080–U+009F,
 *   which it leaves as they are) are written as `\u00XX` escapes: the same JSON value, inert.
 * - Colours of our own (convert's diff) are marked by `colour()` with a per-process secret, so
 *   the stream tells them from anything a file could hold; they are drawn on a colour terminal
 *   and dropped elsewhere.
 */

const secret = `\u0000${randomBytes(6).toString('hex')}`;
const colourMark = new RegExp(`${secret}(\\d{1,3})m`, 'g');

/** Our own colour around `text` (SGR `code`, then back to the default colour). */
export function colour(code: number, text: string): string {
	return `${secret}${code}m${text}${secret}39m`;
}

/** Untrusted text made inert, line by line (newlines and tabs kept). */
export function safeText(text: string): string {
	return text
		.split('\n')
		.map(line => stripControl(line))
		.join('\n');
}

/** A JSON text with its raw C1 controls escaped: the same value, nothing a terminal acts on. */
export function safeJson(text: string): string {
	return text.replace(/[\u0080-\u009F]/g, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export type SafeStreamOptions = {json?: boolean; colours?: boolean};

/** A stream that sanitises what is written to it before passing it on; it keeps what it wrote, for the JSON fallback. */
export class SafeStream extends Writable {
	/** Characters passed on so far. */
	written = 0;
	/** The last lines written (for an error document when a JSON command printed nothing). */
	readonly tail: string[] = [];
	readonly isTTY: boolean;
	readonly columns?: number;

	constructor(
		private readonly target: NodeJS.WritableStream & {isTTY?: boolean; columns?: number},
		private readonly options: SafeStreamOptions = {},
	) {
		super({decodeStrings: false});
		this.isTTY = target.isTTY === true;
		this.columns = target.columns;
	}

	override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		const text = typeof chunk === 'string' ? chunk : String(chunk);
		const clean = sanitize(text, this.options);
		this.written += clean.length;
		for (const line of clean.split('\n').filter(Boolean)) {
			this.tail.push(line);
			if (this.tail.length > 5) this.tail.shift();
		}

		// Passed on at once: the target keeps its own buffering, as when commands wrote to it directly.
		if (clean.length > 0) this.target.write(clean);
		callback();
	}
}

function sanitize(text: string, options: SafeStreamOptions): string {
	if (options.json) return safeJson(text.replaceAll(secret, ''));
	// Split our colour marks from the text around them: only the text is sanitised.
	const parts = text.split(colourMark);
	let out = '';
	for (const [index, part] of parts.entries()) {
		if (index % 2 === 0) out += safeText(part.replaceAll(secret, ''));
		else if (options.colours) out += `\u001B[${part}m`;
	}

	return out;
}

/** Whether a terminal stream should get colours: a TTY, NO_COLOR unset. */
export function wantsColour(stream: {isTTY?: boolean}, env: NodeJS.ProcessEnv = process.env): boolean {
	return stream.isTTY === true && env.NO_COLOR === undefined;
}

/** The headless streams of a command: stdout (JSON-safe in json mode) and stderr, both sanitised. */
export function commandStreams(
	stdout: NodeJS.WritableStream & {isTTY?: boolean},
	stderr: NodeJS.WritableStream & {isTTY?: boolean},
	mode: 'interactive' | 'plain' | 'json',
	env: NodeJS.ProcessEnv = process.env,
): {stdout: SafeStream; stderr: SafeStream} {
	return {
		stdout: new SafeStream(stdout, {json: mode === 'json', colours: mode !== 'json' && wantsColour(stdout, env)}),
		stderr: new SafeStream(stderr, {colours: false}),
	};
}

/** Appends Markdown to the file GitHub Actions names in $GITHUB_STEP_SUMMARY, sanitised like every other output. Returns the file, if any. */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	const file = env.GITHUB_STEP_SUMMARY;
	if (!file) return undefined;
	appendFileSync(file, `${safeText(markdown)}\n`);
	return file;
}

/**
 * The document a `--json` run prints when the command ended before printing its own (a usage or
 * config error): ok false, the exit code, and what it said on stderr.
 */
export function failureDocument(exitCode: number, said: string[]): string {
	const error = said.map(line => stripControl(line)).filter(Boolean).join('\n') || 'the command printed no document';
	return `${safeJson(JSON.stringify({ok: false, exitCode, error}, null, 2))}\n`;
}
