import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterAll, describe, expect, it} from 'vitest';
import {appendStepSummary, colour, commandStreams, failureDocument, safeJson, safeText} from '../../source/headless/output.js';

/** What a hostile label or log line carries: a window title (OSC … BEL), a screen clear (CSI 2J), C1 CSI and OSC. */
const hostile = 'web\u001B]0;pwned\u0007\u001B[2J\u009B31m\u009D0;t\u009Cend';
const escapes = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

function collect(stream: PassThrough): () => string {
	let text = '';
	stream.on('data', chunk => (text += chunk));
	return () => text;
}

const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-output-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('the sanitising streams', () => {
	it('plain lines lose every control sequence, keep newlines and tabs', () => {
		const out = new PassThrough();
		const text = collect(out);
		const streams = commandStreams(out, new PassThrough(), 'plain');
		streams.stdout.write(`service ${hostile}\n\tnext line\n`);
		expect(text()).toBe('service webend\n\tnext line\n');
		expect(text()).not.toMatch(escapes);
	});

	it('stderr is sanitised too, in every mode', () => {
		const err = new PassThrough();
		const text = collect(err);
		commandStreams(new PassThrough(), err, 'json').stderr.write(`warning: ${hostile}\n`);
		expect(text()).toBe('warning: webend\n');
	});

	it('JSON keeps the value and writes raw C1 controls as escapes', () => {
		const out = new PassThrough();
		const text = collect(out);
		const document = {label: hostile};
		commandStreams(out, new PassThrough(), 'json').stdout.write(JSON.stringify(document));
		expect(text()).not.toMatch(escapes);
		expect(JSON.parse(text())).toEqual(document);
	});

	it('draws our own colours on a colour terminal only, and no colour a file smuggles in', () => {
		const tty = Object.assign(new PassThrough(), {isTTY: true});
		const text = collect(tty);
		const streams = commandStreams(tty, new PassThrough(), 'plain', {});
		streams.stdout.write(`${colour(32, '+ apk add')} ${hostile}\u001B[31m\n`);
		expect(text()).toBe('\u001B[32m+ apk add\u001B[39m webend\n');
		const pipe = new PassThrough();
		const plain = collect(pipe);
		commandStreams(pipe, new PassThrough(), 'plain', {}).stdout.write(`${colour(32, '+ apk add')}\n`);
		expect(plain()).toBe('+ apk add\n');
		const noColor = Object.assign(new PassThrough(), {isTTY: true});
		const off = collect(noColor);
		commandStreams(noColor, new PassThrough(), 'plain', {NO_COLOR: '1'}).stdout.write(colour(31, 'x'));
		expect(off()).toBe('x');
	});

	it('counts what it wrote and keeps the last lines', () => {
		const streams = commandStreams(new PassThrough(), new PassThrough(), 'json');
		expect(streams.stdout.written).toBe(0);
		streams.stderr.write('one\ntwo\n');
		expect(streams.stderr.tail).toEqual(['one', 'two']);
	});
});

describe('the other output paths', () => {
	it('safeText and safeJson', () => {
		expect(safeText(`a${hostile}\nb`)).toBe('awebend\nb');
		expect(safeJson('"\u009B"')).toBe('"\\u009b"');
	});

	it('the step summary file gets sanitised Markdown', () => {
		const file = path.join(dir, 'summary.md');
		expect(appendStepSummary(`| ${hostile} |`, {GITHUB_STEP_SUMMARY: file})).toBe(file);
		expect(readFileSync(file, 'utf8')).toBe('| webend |\n');
		expect(appendStepSummary('x', {})).toBeUndefined();
	});

	it('a failure document is one JSON document naming the error', () => {
		const text = failureDocument(2, ['alpinist: bad config \u001B[2J']);
		expect(JSON.parse(text)).toEqual({ok: false, exitCode: 2, error: 'alpinist: bad config '});
	});
});
