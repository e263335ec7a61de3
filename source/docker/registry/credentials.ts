import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {DOCKER_HUB} from './reference.js';

/**
 * Registry credentials the way the docker CLI finds them in ~/.docker/config.json ($DOCKER_CONFIG):
 * `credHelpers[registry]`, else `credsStore`, run as `docker-credential-<name> get` with the
 * server on stdin (an argument array, no shell, bounded); else `auths[registry].auth`
 * (base64 user:password). Docker Hub's key is `https://index.docker.io/v1/`.
 */

export type Credentials = {username: string; secret: string};

type DockerConfig = {
	auths?: Record<string, {auth?: string; username?: string; password?: string; identitytoken?: string}>;
	credsStore?: string;
	credHelpers?: Record<string, string>;
};

export const HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

export function dockerConfigFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(env.DOCKER_CONFIG ?? path.join(homedir(), '.docker'), 'config.json');
}

export function readDockerConfig(file = dockerConfigFile()): DockerConfig {
	try {
		const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
		return typeof value === 'object' && value !== null ? (value as DockerConfig) : {};
	} catch {
		return {};
	}
}

/** The config.json keys a registry may be filed under. */
function keysFor(registry: string): string[] {
	if (registry === DOCKER_HUB) return [HUB_CONFIG_KEY, 'index.docker.io', 'docker.io', 'registry-1.docker.io', 'https://registry-1.docker.io'];
	return [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
}

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

async function fromHelper(helper: string, server: string, timeoutMs: number): Promise<Credentials | undefined> {
	if (!HELPER_NAME.test(helper)) return undefined;
	try {
		const result = await execa(`docker-credential-${helper}`, ['get'], {input: server, timeout: timeoutMs, reject: false});
		if (result.exitCode !== 0) return undefined;
		const parsed = JSON.parse(result.stdout) as {Username?: string; Secret?: string};
		if (!parsed.Secret) return undefined;
		return {username: parsed.Username ?? '', secret: parsed.Secret};
	} catch {
		return undefined;
	}
}

export async function credentialsFor(registry: string, config: DockerConfig = readDockerConfig(), timeoutMs = 5000): Promise<Credentials | undefined> {
	const keys = keysFor(registry);
	const helper = keys.map(key => config.credHelpers?.[key]).find(Boolean);
	if (helper) return fromHelper(helper, keys[0]!, timeoutMs);
	for (const key of keys) {
		const entry = config.auths?.[key];
		if (!entry) continue;
		if (entry.auth) {
			const text = Buffer.from(entry.auth, 'base64').toString('utf8');
			const colon = text.indexOf(':');
			if (colon > 0) return {username: text.slice(0, colon), secret: text.slice(colon + 1)};
		}

		if (entry.username && entry.password) return {username: entry.username, secret: entry.password};
	}

	if (config.credsStore) return fromHelper(config.credsStore, keys[0]!, timeoutMs);
	return undefined;
}
