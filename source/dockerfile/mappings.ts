/**
 * A team's own Debian → Alpine package names (`alpinist convert --mappings FILE`): a JSON object
 * whose keys are Debian names and whose values are the Alpine name, a list of names, or [] for
 * "nothing to install". They are used before the built-in table; they are the team's word, so they
 * are not checked against Alpine's package list (a team may have its own repository).
 */
import {readFileSync} from 'node:fs';
import {z} from 'zod';
import type {PackageMappings} from './packages.js';

const NAME = /^[a-z0-9][a-z0-9+._-]*$/;
const schema = z.record(
	z.string().regex(NAME, 'a Debian package name'),
	z.union([z.string().regex(NAME, 'an Alpine package name'), z.array(z.string().regex(NAME, 'an Alpine package name'))]),
);

export class MappingsError extends Error {}

export function parseMappings(text: string, file: string): PackageMappings {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new MappingsError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
	}
	const parsed = schema.safeParse(data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		const where = issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
		throw new MappingsError(`${file}${where}: ${issue.message}; expected {"debian-name": "alpine-name" | ["alpine-name", …] | []}`);
	}
	return Object.fromEntries(
		Object.entries(parsed.data).map(([debian, alpine]) => [debian, {alpine: typeof alpine === 'string' ? [alpine] : alpine, note: `from ${file}`}]),
	);
}

export function loadMappings(file: string): PackageMappings {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new MappingsError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(error)})`);
	}
	return parseMappings(text, file);
}
