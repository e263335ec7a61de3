import {DockerfileParser, Keyword, type Dockerfile, type Instruction} from 'dockerfile-ast';

/** Position helpers over the original text (dockerfile-ast speaks in line/character). */
export class TextIndex {
	private readonly lineStarts: number[] = [0];

	constructor(readonly text: string) {
		for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
	}

	offset(position: {line: number; character: number}): number {
		const start = this.lineStarts[position.line];
		if (start === undefined) return this.text.length;
		return Math.min(start + position.character, this.text.length);
	}

	/** 1-based line of an offset. */
	line(offset: number): number {
		let lo = 0;
		let hi = this.lineStarts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.lineStarts[mid]! <= offset) lo = mid;
			else hi = mid - 1;
		}
		return lo + 1;
	}

	/** Offset just after the end of the line holding `offset` (after its newline, if any). */
	endOfLine(offset: number): number {
		const nl = this.text.indexOf('\n', offset);
		return nl === -1 ? this.text.length : nl + 1;
	}

	startOfLine(offset: number): number {
		return this.lineStarts[this.line(offset) - 1]!;
	}
}

export class DockerfileParseError extends Error {
	constructor(
		readonly file: string,
		/** 1-based. */
		readonly line: number,
		readonly reason: string,
	) {
		super(`${file}:${line}: ${reason}`);
		this.name = 'DockerfileParseError';
	}
}

/**
 * The largest Dockerfile alpinist converts (32 MiB). Conversion is linear in the size, but a file
 * this big is not a Dockerfile anyone wrote: refuse it with a clear error rather than take minutes.
 */
export const MAX_DOCKERFILE_BYTES = 32 * 1024 * 1024;

/** The Dockerfile is over MAX_DOCKERFILE_BYTES; a parse error, so callers that handle those handle it. */
export class DockerfileTooLargeError extends DockerfileParseError {
	constructor(file: string, readonly bytes: number) {
		super(file, 1, `${formatMiB(bytes)} is over the ${formatMiB(MAX_DOCKERFILE_BYTES)} limit for a Dockerfile; nothing was converted`);
		this.name = 'DockerfileTooLargeError';
	}
}

const formatMiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export type Parsed = {
	file: string;
	text: string;
	index: TextIndex;
	dockerfile: Dockerfile;
	instructions: Instruction[];
	escapeChar: string;
};

const KNOWN = new Set<string>(Object.values(Keyword));
const NEEDS_ARGUMENTS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR', 'USER', 'ENV', 'ARG', 'LABEL', 'SHELL', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'MAINTAINER', 'ONBUILD']);

/**
 * Parse and check what dockerfile-ast lets through: it is lenient (an editor's parser), while the
 * builder rejects unknown instructions, instructions before the first FROM (other than ARG),
 * unterminated heredocs and SHELL outside JSON form.
 */
export function parseDockerfile(text: string, file: string): Parsed {
	// UTF-16 length is at most the UTF-8 byte count, so only a near miss needs the exact count.
	if (text.length > MAX_DOCKERFILE_BYTES / 3 && Buffer.byteLength(text, 'utf8') > MAX_DOCKERFILE_BYTES) {
		throw new DockerfileTooLargeError(file, Buffer.byteLength(text, 'utf8'));
	}
	const dockerfile = DockerfileParser.parse(text);
	const index = new TextIndex(text);
	const instructions = dockerfile.getInstructions();
	const lineOf = (instruction: Instruction) => instruction.getRange().start.line + 1;
	let seenFrom = false;
	for (const instruction of instructions) {
		const keyword = instruction.getKeyword();
		if (!KNOWN.has(keyword)) {
			throw new DockerfileParseError(file, lineOf(instruction), `unknown instruction "${instruction.getInstruction()}"`);
		}
		if (keyword === 'FROM') seenFrom = true;
		else if (!seenFrom && keyword !== 'ARG') {
			throw new DockerfileParseError(file, lineOf(instruction), `${keyword} before the first FROM (only ARG may come before FROM)`);
		}
		if (NEEDS_ARGUMENTS.has(keyword) && instruction.getArguments().length === 0) {
			throw new DockerfileParseError(file, lineOf(instruction), `${keyword} needs arguments`);
		}
		if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
			const heredocs = (instruction as unknown as {getHeredocs(): Array<{getName(): string; getDelimiterRange(): unknown; getStartRange(): {start: {line: number}}}>}).getHeredocs();
			for (const heredoc of heredocs) {
				if (heredoc.getDelimiterRange() === null) {
					throw new DockerfileParseError(file, heredoc.getStartRange().start.line + 1, `unterminated heredoc: no closing "${heredoc.getName()}" line`);
				}
			}
		}
		if (keyword === 'SHELL') {
			const raw = instruction.getRawArgumentsContent() ?? '';
			if (!raw.trim().startsWith('[') || !isJsonStringArray(raw)) {
				throw new DockerfileParseError(file, lineOf(instruction), 'SHELL needs the JSON form, e.g. SHELL ["/bin/sh", "-c"]');
			}
		}
	}
	if (!seenFrom) {
		throw new DockerfileParseError(file, instructions.length > 0 ? lineOf(instructions[0]!) : 1, 'no FROM instruction');
	}
	return {file, text, index, dockerfile, instructions, escapeChar: dockerfile.getEscapeCharacter()};
}

function isJsonStringArray(raw: string): boolean {
	try {
		const value: unknown = JSON.parse(raw.replace(/\\\r?\n/g, ''));
		return Array.isArray(value) && value.every(v => typeof v === 'string');
	} catch {
		return false;
	}
}
