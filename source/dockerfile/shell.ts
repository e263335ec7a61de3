/**
 * A small, offset-preserving shell tokenizer for RUN scripts.
 *
 * It is not a shell parser: it splits a region of the Dockerfile text into words, separators and
 * redirections, keeping for every token the exact original text and the "gap" before it
 * (whitespace, line continuations, comment lines). Rendering a script whose tokens were not edited
 * gives back the original text byte for byte; edits replace or delete single tokens, so the lines
 * around them keep their layout.
 */

export type TokenKind = 'word' | 'separator' | 'redirect';

export type Token = {
	kind: TokenKind;
	/** Original text of the token. */
	text: string;
	/** Text between the previous token (or the region start) and this one. */
	gap: string;
	/** Offsets of `text` in the whole document. */
	start: number;
	end: number;
	/** For words: the value with quotes and escapes removed (variables are not expanded). */
	value: string;
	/** Set by rewrites. */
	replacement?: string;
	deleted?: boolean;
	/** Tokens appended by rewrites have no original position. */
	inserted?: boolean;
};

export type ScriptMode =
	/** Shell-form RUN/CMD: lines are joined by continuations, comment lines are dropped by Docker. */
	| 'joined'
	/** Heredoc body: a real script, newlines separate commands. */
	| 'script';

export type Script = {
	mode: ScriptMode;
	start: number;
	end: number;
	tokens: Token[];
	/** Text after the last token up to `end`. */
	trailing: string;
};

const SEPARATORS = ['&&', '||', ';;', ';', '|', '&', '(', ')'];

/** Tokenize `text.slice(start, end)`; offsets stay document offsets. */
export function tokenize(text: string, start: number, end: number, mode: ScriptMode, escapeChar = '\\'): Script {
	const tokens: Token[] = [];
	let i = start;
	let gapStart = start;
	// Escape char for continuations: Docker's own in joined mode, the shell's backslash in scripts.
	const esc = mode === 'joined' ? escapeChar : '\\';

	const atLineStart = (pos: number): boolean => {
		let j = pos - 1;
		while (j >= start && (text[j] === ' ' || text[j] === '\t')) j--;
		return j < start || text[j] === '\n';
	};

	const continuationLength = (pos: number): number => {
		if (text[pos] !== esc) return 0;
		let j = pos + 1;
		while (j < end && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
		if (j < end && text[j] === '\n') return j + 1 - pos;
		if (j >= end) return j - pos;
		return 0;
	};

	const push = (kind: TokenKind, tokenStart: number, tokenEnd: number, value: string) => {
		tokens.push({kind, text: text.slice(tokenStart, tokenEnd), gap: text.slice(gapStart, tokenStart), start: tokenStart, end: tokenEnd, value});
		gapStart = tokenEnd;
	};

	while (i < end) {
		const ch = text[i]!;
		// Gaps: blanks, continuations, comment lines.
		if (ch === ' ' || ch === '\t' || ch === '\r') {
			i++;
			continue;
		}
		const cont = continuationLength(i);
		if (cont > 0) {
			i += cont;
			continue;
		}
		if (ch === '\n') {
			if (mode === 'script') {
				push('separator', i, i + 1, '\n');
			}
			i++;
			continue;
		}
		if (ch === '#' && (mode === 'script' || atLineStart(i) || /\s/.test(text[i - 1] ?? ' '))) {
			while (i < end && text[i] !== '\n') i++;
			continue;
		}
		// Redirections, with an optional file-descriptor prefix handled in the word branch.
		const redirect = /^(?:&>>|&>|>>|>&|<&|<<<|<<-|<<|>\||>|<)/.exec(text.slice(i, Math.min(end, i + 3)));
		if (redirect) {
			// Heredoc markers `<<EOF` / `<<-'EOF'` stay one word with their delimiter.
			if (redirect[0].startsWith('<<') && redirect[0] !== '<<<') {
				const wordEnd = scanWord(text, i + redirect[0].length, end, esc);
				push('word', i, wordEnd, unquote(text.slice(i, wordEnd), esc));
				i = wordEnd;
				continue;
			}
			push('redirect', i, i + redirect[0].length, redirect[0]);
			i += redirect[0].length;
			continue;
		}
		const separator = SEPARATORS.find(s => text.startsWith(s, i));
		if (separator) {
			push('separator', i, i + separator.length, separator);
			i += separator.length;
			continue;
		}
		// A word, possibly a fd-prefixed redirection like `2>&1` or `2>/dev/null`.
		const fd = /^\d+(?=>|<)/.exec(text.slice(i, Math.min(end, i + 4)));
		if (fd) {
			const op = /^(?:>>|>&|<&|>|<)/.exec(text.slice(i + fd[0].length, i + fd[0].length + 2))!;
			const opEnd = i + fd[0].length + op[0].length;
			push('redirect', i, opEnd, text.slice(i, opEnd));
			i = opEnd;
			continue;
		}
		const wordEnd = scanWord(text, i, end, esc);
		push('word', i, wordEnd, unquote(text.slice(i, wordEnd), esc));
		i = wordEnd;
	}

	return {mode, start, end, tokens, trailing: text.slice(gapStart, end)};
}

/** Scan one shell word from `i`: quotes, `$(...)`, `${...}` and backticks stay inside it. */
function scanWord(text: string, i: number, end: number, esc: string): number {
	while (i < end) {
		const ch = text[i]!;
		if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') break;
		if (ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')' || ch === '<' || ch === '>') break;
		if (ch === esc) {
			// A continuation ends the word only if followed by a newline after blanks.
			let j = i + 1;
			while (j < end && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
			if (j >= end || text[j] === '\n') break;
			i += 2;
			continue;
		}
		if (ch === "'") {
			const close = text.indexOf("'", i + 1);
			i = close === -1 || close >= end ? end : close + 1;
			continue;
		}
		if (ch === '"') {
			i = scanDoubleQuoted(text, i + 1, end, esc);
			continue;
		}
		if (ch === '`') {
			const close = text.indexOf('`', i + 1);
			i = close === -1 || close >= end ? end : close + 1;
			continue;
		}
		if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
			i = scanBalanced(text, i + 1, end, esc);
			continue;
		}
		i++;
	}
	return i;
}

function scanDoubleQuoted(text: string, i: number, end: number, esc: string): number {
	while (i < end) {
		const ch = text[i]!;
		if (ch === '\\' || ch === esc) {
			i += 2;
			continue;
		}
		if (ch === '"') return i + 1;
		if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
			i = scanBalanced(text, i + 1, end, esc);
			continue;
		}
		i++;
	}
	return end;
}

/** `text[i]` is `(` or `{`; returns the offset after its match. */
function scanBalanced(text: string, i: number, end: number, esc: string): number {
	const open = text[i]!;
	const close = open === '(' ? ')' : '}';
	let depth = 0;
	while (i < end) {
		const ch = text[i]!;
		if (ch === '\\' || ch === esc) {
			i += 2;
			continue;
		}
		if (ch === "'") {
			const q = text.indexOf("'", i + 1);
			i = q === -1 || q >= end ? end : q + 1;
			continue;
		}
		if (ch === '"') {
			i = scanDoubleQuoted(text, i + 1, end, esc);
			continue;
		}
		if (ch === open) depth++;
		else if (ch === close) {
			depth--;
			if (depth === 0) return i + 1;
		}
		i++;
	}
	return end;
}

/** Remove quotes, escapes and continuations; keep `$VAR` and `$(...)` as written. */
export function unquote(word: string, esc = '\\'): string {
	let out = '';
	let i = 0;
	while (i < word.length) {
		const ch = word[i]!;
		if (ch === esc) {
			const m = /^[ \t\r]*\n[ \t]*/.exec(word.slice(i + 1));
			if (m) {
				i += 1 + m[0].length;
				continue;
			}
			out += word[i + 1] ?? '';
			i += 2;
			continue;
		}
		if (ch === "'") {
			const close = word.indexOf("'", i + 1);
			out += word.slice(i + 1, close === -1 ? word.length : close);
			i = close === -1 ? word.length : close + 1;
			continue;
		}
		if (ch === '"') {
			i++;
			while (i < word.length && word[i] !== '"') {
				if (word[i] === '\\' && i + 1 < word.length && '"\\$`\n'.includes(word[i + 1]!)) {
					out += word[i + 1];
					i += 2;
					continue;
				}
				out += word[i];
				i++;
			}
			i++;
			continue;
		}
		if (ch === '$' && (word[i + 1] === '(' || word[i + 1] === '{')) {
			const endAt = scanBalanced(word, i + 1, word.length, esc);
			out += word.slice(i, endAt);
			i = endAt;
			continue;
		}
		out += ch;
		i++;
	}
	return out;
}

/**
 * Render the script with its edits applied. A deleted token takes its gap with it, except that the
 * layout survives: at the start of the region the first deleted gap is kept, and when a deleted run
 * began on its own line (or after a comment) while the next kept token did not, the kept token
 * takes that gap, so `\`-continued lines and comment lines stay where they were.
 */
export function render(script: Script): string {
	let out = '';
	let rendered = false;
	let firstDeleted: Token | undefined;
	for (const token of script.tokens) {
		if (token.deleted) {
			firstDeleted ??= token;
			continue;
		}
		let gap = token.gap;
		if (firstDeleted !== undefined) {
			const sameRole = token.kind === 'word' || firstDeleted.value === token.value;
			if (!rendered) gap = firstDeleted.gap;
			else if (firstDeleted.gap.includes('\n') && !token.gap.includes('\n') && sameRole) gap = firstDeleted.gap;
			firstDeleted = undefined;
		}
		out += gap + (token.replacement ?? token.text);
		rendered = true;
	}
	return out + script.trailing;
}

export function isChanged(script: Script): boolean {
	return script.tokens.some(t => t.deleted || t.inserted || t.replacement !== undefined);
}

/** True when every token is deleted (or there were none). */
export function isEmpty(script: Script): boolean {
	return script.tokens.every(t => t.deleted || t.kind === 'separator' && t.value === '\n');
}
