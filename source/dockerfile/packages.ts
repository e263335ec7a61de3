/**
 * Debian/Ubuntu → Alpine package names: the table (data/debian-packages.ts), then its patterns,
 * then naming rules checked against Alpine's package list. A package missing from all of them is
 * never dropped silently: it is kept as written and reported as unknown, for the user to look up
 * with `apk search`.
 */

import {isAlpinePackage} from './alpine-packages.js';
import {MAP, PATTERNS, REFUSED, RULES, type PackageMapping} from './data/debian-packages.js';

export type {PackageMapping} from './data/debian-packages.js';
export {REFUSED} from './data/debian-packages.js';

export type PackageSpec = {
	/** As written, e.g. `gcc=4:12.2.0-3` or `curl/bookworm-backports`. */
	raw: string;
	name: string;
	/** `=version` pin, dropped because Debian versions mean nothing on Alpine. */
	version?: string;
	/** `/release` suffix, dropped. */
	release?: string;
};

export function parsePackageSpec(raw: string): PackageSpec {
	let name = raw;
	let version: string | undefined;
	let release: string | undefined;
	const eq = name.indexOf('=');
	if (eq > 0) {
		version = name.slice(eq + 1);
		name = name.slice(0, eq);
	}
	const slash = name.indexOf('/');
	if (slash > 0) {
		release = name.slice(slash + 1);
		name = name.slice(0, slash);
	}
	return {raw, name, version, release};
}

/** A team's own Debian → Alpine names (`--mappings FILE`), checked before the table. */
export type PackageMappings = Record<string, PackageMapping>;

export function lookupPackage(name: string, extra: PackageMappings = {}): PackageMapping | undefined {
	const own = Object.hasOwn(extra, name) ? extra[name] : undefined;
	if (own) return own;
	const direct = Object.hasOwn(MAP, name) ? MAP[name] : undefined;
	if (direct) return direct;
	for (const [pattern, build] of PATTERNS) {
		const m = pattern.exec(name);
		if (m) return build(m);
	}
	if (isAlpinePackage(name)) return {alpine: [name]};
	for (const [pattern, build] of RULES) {
		const m = pattern.exec(name);
		if (!m) continue;
		const candidate = build(m);
		if (isAlpinePackage(candidate)) return {alpine: [candidate], note: `Alpine names it ${candidate}`};
	}
	return undefined;
}

export function refusedPackage(name: string): string | undefined {
	return Object.hasOwn(REFUSED, name) ? REFUSED[name] : undefined;
}

/** Every Alpine name the built-in table and patterns can emit, for the test that holds them to Alpine's set. */
export function emittedAlpineNames(): string[] {
	const names = new Set(Object.values(MAP).flatMap(m => m.alpine));
	for (const sample of ['openjdk-17-jre-headless', 'openjdk-21-jdk', 'openjdk-17-jdk-headless', 'openjdk-21-jre', 'postgresql-client-16', 'libssl1.1', 'libffi7', 'python3.9', 'python3.11-dev', 'libpython3.11-dev', 'libicu74']) {
		for (const name of lookupPackage(sample)?.alpine ?? []) names.add(name);
	}
	for (const name of ['bash', 'build-base', 'su-exec']) names.add(name);
	return [...names].sort();
}

/** Packages whose presence in a single-stage image suggests a multi-stage build or a virtual package. */
export function isBuildDependency(alpineName: string): boolean {
	return /-dev$/.test(alpineName) || ['build-base', 'gcc', 'g++', 'make', 'cmake', 'musl-dev', 'gfortran', 'autoconf', 'automake', 'libtool', 'pkgconf'].includes(alpineName);
}
