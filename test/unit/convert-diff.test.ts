import {describe, expect, it} from 'vitest';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {convertDockerfile} from '../../source/dockerfile/convert.js';
import {diffLines, unifiedDiff, unifiedEditDiff} from '../../source/dockerfile/diff.js';

/** Apply a unified diff produced for `oldText` and return the new text. */
function applyUnified(oldText: string, patch: string): string {
	const old = oldText.match(/[^\n]*\n|[^\n]+$/g) ?? [];
	const out: string[] = [];
	let cursor = 0;
	const lines = patch.split('\n');
	for (let i = 2; i < lines.length; i++) {
		const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(lines[i]!);
		if (!header) continue;
		const count = header[2] === undefined ? 1 : Number(header[2]);
		const start = count === 0 ? Number(header[1]) : Number(header[1]) - 1;
		out.push(...old.slice(cursor, start));
		cursor = start;
		for (i++; i < lines.length && !lines[i]!.startsWith('@@'); i++) {
			const line = lines[i]!;
			if (line === '') continue;
			const noEol = lines[i + 1] === '\\ No newline at end of file';
			const body = line.slice(1) + (noEol ? '' : '\n');
			if (line[0] === ' ') {
				expect(old[cursor]).toBe(body);
				out.push(body);
				cursor++;
			} else if (line[0] === '-') {
				expect(old[cursor]).toBe(body);
				cursor++;
			} else if (line[0] === '+') {
				out.push(body);
			}
			if (noEol) i++;
		}
		i--;
	}
	out.push(...old.slice(cursor));
	return out.join('');
}

/** Length of the longest common subsequence, to check that the diff is minimal. */
function lcs(a: string[], b: string[]): number {
	const row = new Array<number>(b.length + 1).fill(0);
	for (const x of a) {
		let prev = 0;
		for (let j = 1; j <= b.length; j++) {
			const tmp = row[j]!;
			row[j] = x === b[j - 1] ? prev + 1 : Math.max(row[j]!, row[j - 1]!);
			prev = tmp;
		}
	}
	return row[b.length]!;
}

describe('unified diff', () => {
	it('is empty for equal texts', () => {
		expect(unifiedDiff('a\n', 'a\n', 'a', 'b')).toBe('');
	});

	it('prints a hunk in diff -u form', () => {
		const before = 'FROM debian\nRUN a\nRUN b\nRUN c\nCMD x\n';
		const after = 'FROM alpine\nRUN a\nRUN b\nRUN c\nCMD x\n';
		expect(unifiedDiff(before, after, 'a/Dockerfile', 'b/Dockerfile.alpine')).toBe(
			'--- a/Dockerfile\n+++ b/Dockerfile.alpine\n@@ -1,4 +1,4 @@\n-FROM debian\n+FROM alpine\n RUN a\n RUN b\n RUN c\n',
		);
	});

	it('splits distant changes into separate hunks', () => {
		const before = Array.from({length: 20}, (_, i) => `line ${i + 1}`).join('\n') + '\n';
		const after = before.replace('line 2\n', 'LINE 2\n').replace('line 19\n', 'LINE 19\n');
		const patch = unifiedDiff(before, after, 'a', 'b');
		expect(patch.match(/^@@.*@@$/gm)).toEqual(['@@ -1,5 +1,5 @@', '@@ -16,5 +16,5 @@']);
		expect(applyUnified(before, patch)).toBe(after);
	});

	it('marks a missing final newline', () => {
		const patch = unifiedDiff('a\nb', 'a\nc', 'x', 'y');
		expect(patch).toBe('--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
		expect(applyUnified('a\nb', patch)).toBe('a\nc');
		expect(applyUnified('a\n', unifiedDiff('a\n', 'a', 'x', 'y'))).toBe('a');
	});

	it('handles an empty side', () => {
		expect(applyUnified('', unifiedDiff('', 'x\ny\n', 'a', 'b'))).toBe('x\ny\n');
		expect(unifiedDiff('x\n', '', 'a', 'b')).toBe('--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n');
	});

	it('round-trips and is minimal on random edits', () => {
		let seed = 7;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		for (let round = 0; round < 200; round++) {
			const a = Array.from({length: Math.floor(random() * 30)}, () => `l${Math.floor(random() * 6)}\n`);
			const b = a.flatMap(line => {
				const r = random();
				if (r < 0.15) return [];
				if (r < 0.3) return [`n${Math.floor(random() * 6)}\n`, line];
				if (r < 0.4) return [`m${Math.floor(random() * 3)}\n`];
				return [line];
			});
			const before = a.join('');
			const after = b.join('');
			expect(applyUnified(before, unifiedDiff(before, after, 'a', 'b'))).toBe(after);
			const kept = diffLines(a, b).filter(l => l.kind === ' ').length;
			expect(kept).toBe(lcs(a, b));
		}
	});

	it('the diff built from the edits round-trips every fixture and matches the whole-text diff', () => {
		const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dockerfiles');
		const files = readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter(f => f.endsWith('Dockerfile') && !f.includes('unparsable') && !f.includes('expected'));
		expect(files.length).toBeGreaterThan(10);
		for (const name of files) {
			const text = readFileSync(path.join(dir, name), 'utf8');
			const result = convertDockerfile(text, name);
			const patch = unifiedEditDiff(result.original, result.edits, 'a', 'b');
			expect(applyUnified(result.original, patch), name).toBe(result.converted);
			expect(patch, name).toBe(unifiedDiff(result.original, result.converted, 'a', 'b'));
		}
	});

	it('random edits: the edit diff round-trips', () => {
		let seed = 11;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		for (let round = 0; round < 200; round++) {
			const text = Array.from({length: Math.floor(random() * 20)}, () => `w${Math.floor(random() * 5)}${random() < 0.3 ? '\n' : ' '}`).join('');
			const edits: Array<{start: number; end: number; text: string}> = [];
			let at = 0;
			while (at < text.length && edits.length < 4) {
				const start = at + Math.floor(random() * 8);
				if (start > text.length) break;
				const end = Math.min(text.length, start + Math.floor(random() * 6));
				edits.push({start, end, text: random() < 0.5 ? '' : `E${round}${random() < 0.3 ? '\n' : ''}`});
				at = end + 1;
			}
			let after = '';
			let cursor = 0;
			for (const e of edits) {
				after += text.slice(cursor, e.start) + e.text;
				cursor = e.end;
			}
			after += text.slice(cursor);
			expect(applyUnified(text, unifiedEditDiff(text, edits, 'a', 'b')), JSON.stringify({text, edits})).toBe(after);
		}
	});
});
