import {type Document, isMap, type LineCounter} from 'yaml';
import schema from './compose-spec/compose-spec.json' with {type: 'json'};
import {type SchemaIssue, SchemaValidator} from './json-schema.js';

/** A problem in a compose file, with its place when known. */
export type YamlProblem = {message: string; line?: number; col?: number};

/**
 * A compose file held against the Compose specification's own JSON schema (compose-spec/compose-go
 * `schema/compose-spec.json`, Apache-2.0: see compose-spec/README.md), as Compose validates each
 * file before it merges them: an unknown key (`servicez:`) is named with its line here, not left
 * for Compose to refuse in the middle of a migration.
 */

let validator: SchemaValidator | undefined;

/** The most a file reports: the first problems are the ones to fix. */
const limit = 5;

function distance(a: string, b: string): number {
	const row = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const saved = row[j];
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = saved;
		}
	}

	return row[b.length];
}

/** The keys the schema allows where this issue's key is, for a "did you mean". */
function knownKeys(path: Array<string | number>): string[] {
	const root = schema as any;
	let node: any = root;
	const deref = () => {
		while (node?.$ref) node = node.$ref.slice(2).split('/').reduce((at: any, part: string) => at?.[part], root);
	};

	deref();
	for (const part of path.slice(0, -1)) {
		if (typeof part === 'number') node = node?.items;
		else node = node?.properties?.[part] ?? Object.entries<any>(node?.patternProperties ?? {}).find(([pattern]) => new RegExp(pattern).test(part))?.[1];
		deref();
		if (node?.oneOf) node = node.oneOf.map((branch: any) => (branch.$ref ? branch.$ref.slice(2).split('/').reduce((at: any, key: string) => at?.[key], root) : branch)).find((branch: any) => branch?.properties) ?? node;
	}

	return Object.keys(node?.properties ?? {});
}

function where(path: Array<string | number>): string {
	return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

function describe(issue: SchemaIssue): string {
	if (!issue.key) return `${where(issue.path) || '(the file)'}: ${issue.message} (Compose specification)`;
	const key = String(issue.path.at(-1));
	const parent = issue.path.slice(0, -1);
	const close = knownKeys(issue.path).filter(candidate => distance(candidate, key) <= Math.max(key.length > 4 ? 2 : 1, Math.floor(key.length / 4)));
	const suggestion = close.length > 0 ? `; did you mean "${close[0]}"?` : '';
	return `${parent.length === 0 ? 'unknown top-level key' : `${where(parent)}: unknown key`} "${key}": not in the Compose specification${suggestion}`;
}

/** Where an issue is in the file: the key's own line for an unknown key, else the value's. */
function position(document: Document, lines: LineCounter, issue: SchemaIssue): {line?: number; col?: number} {
	const parent = issue.key ? issue.path.slice(0, -1) : issue.path;
	const node = parent.length === 0 ? document.contents : document.getIn(parent, true);
	let range = (node as any)?.range as [number, number] | undefined;
	if (issue.key && isMap(node)) {
		const pair = node.items.find(item => String((item.key as any)?.value ?? item.key) === String(issue.path.at(-1)));
		range = (pair?.key as any)?.range ?? range;
	}

	return range ? lines.linePos(range[0]) : {};
}

/** The file's problems against the Compose specification, each with its line. */
export function composeSpecProblems(root: unknown, document: Document, lines: LineCounter): YamlProblem[] {
	validator ??= new SchemaValidator(schema as object);
	return validator
		.validate(root)
		.slice(0, limit)
		.map(issue => ({message: describe(issue), ...position(document, lines, issue)}));
}
