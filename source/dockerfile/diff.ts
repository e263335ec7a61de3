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

/** Group changes into hunks with `context` unchanged lines around them. */
export function hunks(lines: DiffLine[], context = 3): Hunk[] {
	const changed = lines.flatMap((line, i) => (line.kind === ' ' ? [] : [i]));
	const groups: Array<[number, number]> = [];
	for (const i of changed) {
		const last = groups.at(-1);
		if (last && i - last[1] <= 2 * context + 1) last[1] = i;
		else groups.push([i, i]);
	}
	return groups.map(([first, last]) => {
		const start = Math.max(0, first - context);
		const slice = lines.slice(start, Math.min(lines.length, last + context + 1));
		const before = lines.slice(0, start);
		const oldCount = slice.filter(l => l.kind !== '+').length;
		const newCount = slice.filter(l => l.kind !== '-').length;
		const oldBefore = before.filter(l => l.kind !== '+').length;
		const newBefore = before.filter(l => l.kind !== '-').length;
		return {
			oldStart: oldCount === 0 ? oldBefore : oldBefore + 1,
			oldCount,
			newStart: newCount === 0 ? newBefore : newBefore + 1,
			newCount,
			lines: slice,
		};
	});
}

const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);

/** `diff -u` style text; empty when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
	if (oldText === newText) return '';
	const lines = diffLines(splitLines(oldText), splitLines(newText));
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
