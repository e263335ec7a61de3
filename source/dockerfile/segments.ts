/**
 * Simple commands in a tokenized script, and the edits that remove or extend them while
 * keeping the shell valid.
 */
import type {Script, Token} from './shell.js';

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '{', '}', '!']);

export function isKeyword(value: string): boolean {
	return KEYWORDS.has(value);
}

/** A simple command: the words between two separators. */
export type Segment = {
	/** Index in `script.tokens` of the separator before the segment, or -1. */
	before: number;
	/** Index of the separator after the segment, or -1. */
	after: number;
	/** Indexes of the segment's tokens (words and redirections). */
	tokens: number[];
};

export function segments(script: Script): Segment[] {
	const result: Segment[] = [];
	let current: number[] = [];
	let before = -1;
	script.tokens.forEach((token, index) => {
		if (token.kind === 'separator') {
			if (current.length > 0) result.push({before, after: index, tokens: current});
			current = [];
			before = index;
			return;
		}
		current.push(index);
	});
	if (current.length > 0) result.push({before, after: -1, tokens: current});
	return result;
}

/**
 * Delete a whole simple command and one separator next to it, so the rest still parses:
 * `a && b && c` without b is `a && c`. When no separator can go with it (`x || b`, `then b;`),
 * the command is replaced by `true`.
 */
export function deleteSegment(script: Script, segment: Segment): 'deleted' | 'neutralised' {
	const removable = new Set(['&&', ';', '\n']);
	const firstWord = script.tokens[segment.tokens[0]!]!;
	const prefixedByKeyword = isKeyword(firstWord.value);
	const prev = segment.before >= 0 ? script.tokens[segment.before]! : undefined;
	const next = segment.after >= 0 ? script.tokens[segment.after]! : undefined;
	const liveBefore = script.tokens.slice(0, segment.before >= 0 ? segment.before : 0).some(t => !t.deleted);
	if (!prefixedByKeyword) {
		if (prev && removable.has(prev.value) && liveBefore && !prev.deleted) {
			prev.deleted = true;
			for (const i of segment.tokens) script.tokens[i]!.deleted = true;
			return 'deleted';
		}
		// First in the script, or right after `(`: take the separator after it instead.
		const opensGroup = prev !== undefined && !prev.deleted && prev.value === '(';
		if ((!liveBefore || opensGroup) && next && removable.has(next.value)) {
			for (const i of segment.tokens) script.tokens[i]!.deleted = true;
			next.deleted = true;
			const following = script.tokens.slice(segment.after + 1).find(t => !t.deleted);
			if (following && opensGroup) following.gap = firstWord.gap;
			return 'deleted';
		}
		if (!liveBefore && !next && (!prev || prev.deleted || prev.value === '\n')) {
			for (const i of segment.tokens) script.tokens[i]!.deleted = true;
			return 'deleted';
		}
	}
	// Keep the shape: leave keywords, replace the command with `true`.
	let replaced = false;
	for (const i of segment.tokens) {
		const token = script.tokens[i]!;
		if (!replaced && isKeyword(token.value)) continue;
		if (!replaced) {
			token.replacement = 'true';
			token.deleted = false;
			replaced = true;
		} else {
			token.deleted = true;
		}
	}
	return 'neutralised';
}

/** Index (into segment.tokens) of the command word: after keywords, `env`, and `VAR=value` prefixes. */
export function commandIndex(script: Script, segment: Segment): number {
	let k = 0;
	while (k < segment.tokens.length) {
		const token = script.tokens[segment.tokens[k]!]!;
		if (token.kind !== 'word') {
			k++;
			continue;
		}
		if (isKeyword(token.value) || token.value === 'env' || token.value === 'exec' || token.value === 'command' || token.value.startsWith('<<')) {
			k++;
			continue;
		}
		if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(token.value)) {
			k++;
			continue;
		}
		return k;
	}
	return -1;
}

/** Append a word after `afterIndex` (a token index), with the given gap. */
export function insertWordAfter(script: Script, afterIndex: number, text: string, gap = ' '): void {
	const anchor = script.tokens[afterIndex]!;
	script.tokens.splice(afterIndex + 1, 0, {kind: 'word', text, value: text, gap, start: anchor.end, end: anchor.end, inserted: true});
}
