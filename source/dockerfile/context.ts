import type {Parsed} from './parse.js';
import type {Change, ChangeKind, Finding, RuleCode, Severity, UnknownPackage, VersionPin} from './types.js';

export type Edit = {start: number; end: number; text: string};

/** What a conversion accumulates while it walks the Dockerfile. */
export class ConversionContext {
	readonly findings: Finding[] = [];
	readonly changes: Change[] = [];
	readonly unknownPackages: UnknownPackage[] = [];
	readonly pins: VersionPin[] = [];
	readonly edits: Edit[] = [];

	constructor(
		readonly parsed: Parsed,
		/** Reads a file of the build context (for `pip install -r`), when the caller allows it. */
		readonly readContextFile?: (relativePath: string) => string | undefined,
	) {}

	lineOf(offset: number): number {
		return this.parsed.index.line(offset);
	}

	find(code: RuleCode, severity: Severity, offset: number, message: string): void {
		this.findings.push({code, severity, line: this.lineOf(offset), in: 'original', message});
	}

	change(kind: ChangeKind, offset: number, summary: string): void {
		this.changes.push({kind, line: this.lineOf(offset), summary});
	}

	edit(start: number, end: number, text: string): void {
		this.edits.push({start, end, text});
	}
}

/** Apply non-overlapping edits to the original text; untouched bytes stay as they were. */
export function applyEdits(text: string, edits: Edit[]): string {
	const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
	let out = '';
	let cursor = 0;
	for (const edit of sorted) {
		if (edit.start < cursor) {
			throw new Error(`overlapping edits at offset ${edit.start}`);
		}
		out += text.slice(cursor, edit.start) + edit.text;
		cursor = edit.end;
	}
	return out + text.slice(cursor);
}
