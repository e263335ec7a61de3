/**
 * A small unified line diff (Myers' O((N+M)·D) algorithm), enough to show a conversion.
 */

export type DiffLine = {kind: ' ' | '-' | '+'; text: string; oldLine?: number; newLine?: number};

export type Hunk = {oldStart: number; oldCount: number; newStart: number; newCount: number; lines: DiffLine[]};

/** Lines with their newline kept, so a missing final newline counts as a difference. */
function splitLines(text: string): string[] {
	return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The edit script between two line arrays: kept, removed and added lines in order. */
export function diffLines(a: string[], b: string[]): DiffLine[] {
	const n = a.length;
	const m = b.length;
	const max = n + m;
	const offset = max + 1;
	const v = new Int32Array(2 * max + 3);
	const trace: Int32Array[] = [];
	outer: for (let d = 0; d <= max; d++) {
		trace.push(v.slice());
		for (let k = -d; k <= d; k += 2) {
			let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
			let y = x - k;
			while (x < n && y < m && a[x] === b[y]) {
				x++;
				y++;
			}
			v[offset + k] = x;
			if (x >= n && y >= m) break outer;
		}
	}
	const result: DiffLine[] = [];
	let x = n;
	let y = m;
	for (let d = trace.length - 1; d >= 0; d--) {
		const frontier = trace[d]!;
		const k = x - y;
		const prevK = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!) ? k + 1 : k - 1;
		const prevX = d === 0 ? 0 : frontier[offset + prevK]!;
		const prevY = d === 0 ? 0 : prevX - prevK;
		while (x > prevX && y > prevY) {
			result.push({kind: ' ', text: a[x - 1]!, oldLine: x, newLine: y});
			x--;
			y--;
		}
		if (d > 0) {
			if (x === prevX) result.push({kind: '+', text: b[y - 1]!, newLine: y});
			else result.push({kind: '-', text: a[x - 1]!, oldLine: x});
		}
		x = prevX;
		y = prevY;
	}
	return result.reverse();
}

/** Group changes into hunks with `context` unchanged lines around them (one pass: linear in the lines). */
export function hunks(lines: DiffLine[], context = 3): Hunk[] {
	const groups: Array<[number, number]> = [];
	for (let i = 0; i < lines.length; i++) {
		if (lines[i]!.kind === ' ') continue;
		const last = groups.at(-1);
		if (last && i - last[1] <= 2 * context + 1) last[1] = i;
		else groups.push([i, i]);
	}
	const result: Hunk[] = [];
	// Old and new lines before `cursor`, advanced as the groups go by.
	let cursor = 0;
	let oldBefore = 0;
	let newBefore = 0;
	for (const [first, last] of groups) {
		const start = Math.max(0, first - context);
		for (; cursor < start; cursor++) {
			if (lines[cursor]!.kind !== '+') oldBefore++;
			if (lines[cursor]!.kind !== '-') newBefore++;
		}
		const slice = lines.slice(start, Math.min(lines.length, last + context + 1));
		const oldCount = slice.filter(l => l.kind !== '+').length;
		const newCount = slice.filter(l => l.kind !== '-').length;
		result.push({
			oldStart: oldCount === 0 ? oldBefore : oldBefore + 1,
			oldCount,
			newStart: newCount === 0 ? newBefore : newBefore + 1,
			newCount,
			lines: slice,
		});
	}
	return result;
}

export type TextEdit = {start: number; end: number; text: string};

/** Blocks bigger than this (old + new lines) are shown as removed then added, not diffed line by line. */
const MAX_BLOCK_LINES = 2000;

/**
 * The edit script of `original` with `edits` applied, in time and memory linear in the text: only the
 * lines an edit touches are diffed, everything between them is kept as it is.
 */
export function editDiffLines(original: string, edits: TextEdit[]): DiffLine[] {
	const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
	const lineStart = (offset: number) => (offset <= 0 ? 0 : original.lastIndexOf('\n', offset - 1) + 1);
	const lineEnd = (offset: number) => {
		if (offset >= original.length) return original.length;
		const nl = original.indexOf('\n', offset);
		return nl === -1 ? original.length : nl + 1;
	};
	const regions: Array<{start: number; end: number; edits: TextEdit[]}> = [];
	for (const edit of sorted) {
		const start = lineStart(edit.start);
		const end = lineEnd(edit.end > edit.start ? edit.end - 1 : edit.start);
		const last = regions.at(-1);
		if (last && start <= last.end) {
			last.end = Math.max(last.end, end);
			last.edits.push(edit);
		} else {
			regions.push({start, end, edits: [edit]});
		}
	}
	const result: DiffLine[] = [];
	let oldLine = 0;
	let newLine = 0;
	let cursor = 0;
	const keep = (text: string) => {
		for (const line of splitLines(text)) result.push({kind: ' ', text: line, oldLine: ++oldLine, newLine: ++newLine});
	};
	for (const region of regions) {
		keep(original.slice(cursor, region.start));
		let after = '';
		let at = region.start;
		for (const edit of region.edits) {
			after += original.slice(at, edit.start) + edit.text;
			at = edit.end;
		}
		after += original.slice(at, region.end);
		const a = splitLines(original.slice(region.start, region.end));
		const b = splitLines(after);
		const block = a.length + b.length <= MAX_BLOCK_LINES ? diffLines(a, b) : [...a.map(text => ({kind: '-' as const, text})), ...b.map(text => ({kind: '+' as const, text}))];
		for (const line of block) {
			if (line.kind === ' ') result.push({kind: ' ', text: line.text, oldLine: ++oldLine, newLine: ++newLine});
			else if (line.kind === '-') result.push({kind: '-', text: line.text, oldLine: ++oldLine});
			else result.push({kind: '+', text: line.text, newLine: ++newLine});
		}
		cursor = region.end;
	}
	keep(original.slice(cursor));
	return result;
}

const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);

/** `diff -u` style text; empty when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
	if (oldText === newText) return '';
	return renderUnified(diffLines(splitLines(oldText), splitLines(newText)), oldName, newName, context);
}

/** `diff -u` style text of `original` with `edits` applied; linear in the text's size. */
export function unifiedEditDiff(original: string, edits: TextEdit[], oldName: string, newName: string, context = 3): string {
	const lines = editDiffLines(original, edits);
	if (lines.every(l => l.kind === ' ')) return '';
	return renderUnified(lines, oldName, newName, context);
}

function renderUnified(lines: DiffLine[], oldName: string, newName: string, context: number): string {
	const out = [`--- ${oldName}`, `+++ ${newName}`];
	for (const hunk of hunks(lines, context)) {
		out.push(`@@ -${range(hunk.oldStart, hunk.oldCount)} +${range(hunk.newStart, hunk.newCount)} @@`);
		for (const line of hunk.lines) {
			const eol = line.text.endsWith('\n');
			out.push(`${line.kind}${eol ? line.text.slice(0, -1) : line.text}`);
			if (!eol) out.push('\\ No newline at end of file');
		}
	}
	return `${out.join('\n')}\n`;
}
