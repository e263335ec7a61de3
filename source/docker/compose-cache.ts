import {mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';

/**
 * The answer of `docker compose version` / `docker-compose version`, kept in the state dir beside
 * a fingerprint of every file that could change it: the `docker` and `docker-compose` found on
 * PATH, the Compose plugin in each directory the docker CLI searches, and the CLI's config.json
 * (which can name more plugin directories). A stat of each (inode, size, modification time) is all
 * a start costs; when any of them differs (an upgrade, a new plugin, another PATH), Compose is
 * asked again. v1 is a Python program that takes about 250 ms to print its version, v2 about 35.
 */

type Cached<T> = {fingerprint: string; answer: T};

/** The docker CLI's own directory: $DOCKER_CONFIG, else ~/.docker. */
const configDir = (env: NodeJS.ProcessEnv): string => env.DOCKER_CONFIG ?? path.join(homedir(), '.docker');

const pluginDirs = (env: NodeJS.ProcessEnv): string[] => [
	path.join(configDir(env), 'cli-plugins'),
	'/usr/local/lib/docker/cli-plugins',
	'/usr/local/libexec/docker/cli-plugins',
	'/usr/lib/docker/cli-plugins',
	'/usr/libexec/docker/cli-plugins',
];

/** The first `name` on PATH, described (a stat per directory until it is found). */
function firstOnPath(name: string, env: NodeJS.ProcessEnv): string {
	for (const dir of (env.PATH ?? '').split(path.delimiter)) {
		const found = dir ? describe(path.join(dir, name)) : undefined;
		if (found) return found;
	}

	return `${name}\tabsent`;
}

function describe(file: string): string | undefined {
	try {
		const stat = statSync(file);
		return `${file}\t${stat.ino}\t${stat.size}\t${stat.mtimeMs}`;
	} catch {
		return undefined;
	}
}

/** What the answer depends on; the first existing `docker` and `docker-compose` on PATH count. */
export function composeFingerprint(env: NodeJS.ProcessEnv = process.env): string {
	const config = path.join(configDir(env), 'config.json');
	return [
		`forced\t${env.ALPINIST_COMPOSE ?? ''}`,
		firstOnPath('docker', env),
		firstOnPath('docker-compose', env),
		...pluginDirs(env).map(dir => describe(path.join(dir, 'docker-compose')) ?? `${dir}\tabsent`),
		describe(config) ?? `${config}\tabsent`,
	].join('\n');
}

export function readCachedCompose<T>(file: string, fingerprint: string): T | undefined {
	try {
		const cached = JSON.parse(readFileSync(file, 'utf8')) as Cached<T>;
		return cached.fingerprint === fingerprint ? cached.answer : undefined;
	} catch {
		return undefined;
	}
}

/** Best effort: a cache that cannot be written only means asking Compose again next time. */
export function writeCachedCompose<T>(file: string, fingerprint: string, answer: T): void {
	const temporary = `${file}.${process.pid}.tmp`;
	try {
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(temporary, `${JSON.stringify({fingerprint, answer} satisfies Cached<T>)}\n`, {mode: 0o600});
		renameSync(temporary, file);
	} catch {
		// A full disk leaves no half-written temporary file behind.
		try {
			unlinkSync(temporary);
		} catch {}
	}
}
