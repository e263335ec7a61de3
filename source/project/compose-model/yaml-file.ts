import {readFileSync} from 'node:fs';
import {type Document, isMap, LineCounter, parseDocument} from 'yaml';

/**
 * One compose file read as YAML: its plain value (anchors and `<<` merge keys resolved), and the
 * line of each service key, for messages. A file that does not parse is a ComposeFileError that
 * names the file and the line, as compose itself would refuse it.
 */

export class ComposeFileError extends Error {
	constructor(
		readonly file: string,
		readonly reason: string,
		readonly line?: number,
		readonly col?: number,
	) {
		super(`${file}${line === undefined ? '' : `:${line}${col === undefined ? '' : `:${col}`}`}: ${reason}`);
		this.name = 'ComposeFileError';
	}
}

export type YamlFile = {
	file: string;
	text: string;
	document: Document;
	value: Record<string, unknown>;
	/** 1-based line of each service's key. */
	serviceLines: Record<string, number>;
};

export function parseYamlFile(text: string, file: string): YamlFile {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, merge: true, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false});
	const error = document.errors[0];
	if (error) {
		const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
		throw new ComposeFileError(file, error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), position.line, position.col);
	}

	let value: unknown;
	try {
		value = document.toJS({maxAliasCount: 1000});
	} catch (error_) {
		throw new ComposeFileError(file, (error_ as Error).message);
	}

	if (value === null || value === undefined) value = {};
	if (typeof value !== 'object' || Array.isArray(value)) throw new ComposeFileError(file, 'the file is not a mapping (expected a top-level `services:`)', 1);
	const serviceLines: Record<string, number> = {};
	const services = document.get('services', true);
	if (isMap(services)) {
		for (const item of services.items) {
			const key = item.key as {value?: unknown; range?: [number, number]} | null;
			if (key?.range && typeof key.value === 'string') serviceLines[key.value] = lineCounter.linePos(key.range[0]).line;
		}
	}

	const root = value as Record<string, unknown>;
	if (root.services !== undefined && root.services !== null && (typeof root.services !== 'object' || Array.isArray(root.services))) {
		throw new ComposeFileError(file, '`services` must be a mapping', lineOfKey(document, lineCounter, 'services'));
	}

	for (const [name, service] of Object.entries((root.services ?? {}) as Record<string, unknown>)) {
		if (service !== null && (typeof service !== 'object' || Array.isArray(service))) {
			throw new ComposeFileError(file, `services.${name} must be a mapping`, serviceLines[name]);
		}
	}

	return {file, text, document, value: root, serviceLines};
}

function lineOfKey(document: Document, lineCounter: LineCounter, key: string): number | undefined {
	if (!isMap(document.contents)) return undefined;
	const pair = document.contents.items.find(item => (item.key as {value?: unknown})?.value === key);
	const range = (pair?.key as {range?: [number, number]} | undefined)?.range;
	return range ? lineCounter.linePos(range[0]).line : undefined;
}

export function readYamlFile(file: string): YamlFile {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ComposeFileError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})`);
	}

	return parseYamlFile(text, file);
}
