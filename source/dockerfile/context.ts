import type {PackageMappings} from './packages.js';
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

	/** Per stage: Alpine packages installed so far (apk add), for checks that need build tools. */
	stagePackages = new Set<string>();
	/** Per stage: apt installed a versioned python3.X, which became Alpine's python3. */
	stagePythonRenamed = false;

	constructor(
		readonly parsed: Parsed,
		/** Reads a file of the build context (for `pip install -r`), when the caller allows it. */
		readonly readContextFile?: (relativePath: string) => string | undefined,
		/** A team's own Debian → Alpine names, checked before the built-in table. */
		readonly mappings: PackageMappings = {},
	) {}

	lineOf(offset: number): number {
		return this.parsed.index.line(offset);
	}

	find(code: RuleCode, severity: Severity, offset: number, message: string): void {
		this.findings.push({code, severity, line: this.lineOf(offset), in: 'original', message});
	}

	/** Record a change; `before`/`after` default to the two sides of an `X → Y` summary. */
	change(kind: ChangeKind, offset: number, summary: string, before?: string, after?: string): void {
		let b = before;
		let a = after;
		if (b === undefined || a === undefined) {
			const arrow = summary.indexOf(' → ');
			if (arrow >= 0) {
				b ??= summary.slice(0, arrow);
				a ??= summary.slice(arrow + 3).replace(/ \([^()]*\)$|: one layer$/, '');
			} else {
				b ??= summary.replace(/ (?:removed|replaced by true)\b.*$/, '');
				a ??= / replaced by true\b/.test(summary) ? 'true' : '';
			}
		}
		this.changes.push({kind, line: this.lineOf(offset), summary, rule: kind, before: b, after: a});
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
