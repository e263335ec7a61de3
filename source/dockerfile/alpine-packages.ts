/**
 * Alpine package names the converter may emit, for the targeted release (Alpine 3.20, repositories
 * main and community), as a set to check names against.
 *
 * The list is in data/alpine-packages.txt beside this file, one aport (origin) a line with the
 * packages it builds (pkgname, subpackages, provides). Where each line comes from is noted there.
 */
import {ALPINE_PACKAGE_LIST} from './data/alpine-packages.js';

export type AlpineOrigin = {repository: 'main' | 'community'; origin: string; names: string[]; evidence: string};

/** Parse the list: `main/sqlite: sqlite sqlite-dev sqlite-libs  # evidence`. */
export function parseAlpinePackageList(text: string): AlpineOrigin[] {
	const origins: AlpineOrigin[] = [];
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		const m = /^(main|community)\/([\w.+-]+):\s*([^#]*?)\s*(?:#\s*(.*))?$/.exec(line);
		if (!m) throw new Error(`alpine-packages: cannot read line "${line}"`);
		origins.push({repository: m[1] as 'main' | 'community', origin: m[2]!, names: m[3]!.split(/\s+/).filter(Boolean), evidence: m[4] ?? ''});
	}
	return origins;
}

export const ALPINE_ORIGINS: AlpineOrigin[] = parseAlpinePackageList(ALPINE_PACKAGE_LIST);
const NAMES = new Set(ALPINE_ORIGINS.flatMap(o => o.names));

export function isAlpinePackage(name: string): boolean {
	return NAMES.has(name);
}

/** The origin (aport) that builds `name`, e.g. `main/sqlite` for sqlite-libs. */
export function originOf(name: string): string | undefined {
	const origin = ALPINE_ORIGINS.find(o => o.names.includes(name));
	return origin ? `${origin.repository}/${origin.origin}` : undefined;
}
