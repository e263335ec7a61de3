/**
 * A team's own Debian → Alpine package names (`alpinist convert --mappings FILE`): a JSON object
 * whose keys are Debian names and whose values are the Alpine name, a list of names, or [] for
 * "nothing to install". They are used before the built-in table; they are the team's word, so they
 * are not checked against Alpine's package list (a team may have its own repository).
 */
import {readFileSync} from 'node:fs';
import type {PackageMappings} from './packages.js';

const NAME = /^[a-z0-9][a-z0-9+._-]*$/;
const SHAPE = 'expected {"debian-name": "alpine-name" | ["alpine-name", …] | []}';

export class MappingsError extends Error {}

export function parseMappings(text: string, file: string): PackageMappings {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new MappingsError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new MappingsError(`${file}: not a JSON object; ${SHAPE}`);
	const mappings: PackageMappings = {};
	for (const [debian, value] of Object.entries(data)) {
		if (!NAME.test(debian)) throw new MappingsError(`${file} at "${debian}": not a Debian package name; ${SHAPE}`);
		const names: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [undefined];
		const bad = names.find(n => typeof n !== 'string' || !NAME.test(n));
		if (names.length > 0 && bad !== undefined) throw new MappingsError(`${file} at "${debian}": ${JSON.stringify(bad) ?? String(bad)} is not an Alpine package name; ${SHAPE}`);
		if (typeof value !== 'string' && !Array.isArray(value)) throw new MappingsError(`${file} at "${debian}": ${JSON.stringify(value)} is not a name or a list of names; ${SHAPE}`);
		mappings[debian] = {alpine: names as string[], note: `from ${file}`};
	}
	return mappings;
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
