import {createHash} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import {Agent as HttpsAgent} from 'node:https';
import {homedir} from 'node:os';
import path from 'node:path';
import {engineProblemMessage} from './engine-probe.js';
import type {Endpoint} from './types.js';

export type {Endpoint} from './types.js';

export type DockerodeOptions = {
	socketPath?: string;
	host?: string;
	port?: number;
	protocol?: 'http' | 'https' | 'ssh';
	username?: string;
	ca?: string;
	cert?: string;
	key?: string;
	timeout?: number;
	sshOptions?: {agent?: string};
	/** Set for TLS without verification (a context's SkipTLSVerify). */
	agent?: HttpsAgent;
	pathPrefix?: string;
};

/** DOCKER_CONTEXT or the CLI's current context names a context that does not exist. */
export class EndpointError extends Error {
	override name = 'EndpointError';
}

type Env = NodeJS.ProcessEnv;

function dockerConfigDir(env: Env): string {
	return env.DOCKER_CONFIG ?? path.join(homedir(), '.docker');
}

function readJson(file: string): any {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function tlsFromDir(dir: string, verify: boolean): Endpoint['tls'] {
	const read = (name: string) => {
		const file = path.join(dir, name);
		return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
	};
	return {ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem'), verify};
}

/** A docker CLI context, as stored under ~/.docker/contexts (meta keyed by sha256 of the name). */
export function readContext(name: string, env: Env = process.env): Endpoint | undefined {
	const dir = dockerConfigDir(env);
	const id = createHash('sha256').update(name).digest('hex');
	const meta = readJson(path.join(dir, 'contexts', 'meta', id, 'meta.json'));
	const docker = meta?.Endpoints?.docker;
	if (!docker?.Host) return undefined;
	const tlsDir = path.join(dir, 'contexts', 'tls', id, 'docker');
	const tls = existsSync(tlsDir) ? tlsFromDir(tlsDir, !docker.SkipTLSVerify) : undefined;
	return {host: docker.Host, source: 'context', context: name, tls};
}

export function podmanSockets(env: Env = process.env): string[] {
	const sockets = ['/run/podman/podman.sock'];
	if (env.XDG_RUNTIME_DIR) sockets.unshift(path.join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'));
	return sockets;
}

export function resolveEndpoint(env: Env = process.env, exists: (p: string) => boolean = existsSync): Endpoint {
	if (env.DOCKER_HOST) {
		const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
		const certPath = env.DOCKER_CERT_PATH ?? dockerConfigDir(env);
		const tls = env.DOCKER_HOST.startsWith('tcp://') && (verify || env.DOCKER_CERT_PATH) ? tlsFromDir(certPath, verify) : undefined;
		return {host: env.DOCKER_HOST, source: 'DOCKER_HOST', tls};
	}

	const fromEnv = Boolean(env.DOCKER_CONTEXT);
	const contextName = env.DOCKER_CONTEXT || readJson(path.join(dockerConfigDir(env), 'config.json'))?.currentContext;
	if (contextName && contextName !== 'default') {
		const context = readContext(contextName, env);
		// The docker CLI refuses an unknown context; falling back to another engine would act on the wrong one.
		if (!context) {
			throw new EndpointError(
				`${fromEnv ? 'DOCKER_CONTEXT' : `The current docker context (${path.join(dockerConfigDir(env), 'config.json')})`} names "${contextName}", which is not a docker context: see \`docker context ls\`.`,
			);
		}

		return {...context, source: fromEnv ? 'DOCKER_CONTEXT' : 'context'};
	}

	const defaultSocket = '/var/run/docker.sock';
	if (!exists(defaultSocket)) {
		const podman = podmanSockets(env).find(socket => exists(socket));
		if (podman) return {host: `unix://${podman}`, source: 'podman socket'};
	}

	return {host: `unix://${defaultSocket}`, source: 'default socket'};
}

/**
 * Turns an endpoint into dockerode's constructor options. docker-modem also reads DOCKER_HOST,
 * DOCKER_CERT_PATH and DOCKER_TLS_VERIFY itself and merges them under these options, so every
 * field it would take from there is set here (undefined where unused) and the endpoint wins.
 */
export function toDockerodeOptions(endpoint: Endpoint, env: Env = process.env): DockerodeOptions {
	const url = new URL(endpoint.host.replace(/^npipe:/, 'unix:'));
	const none = {host: undefined, port: undefined, ca: undefined, cert: undefined, key: undefined, pathPrefix: undefined};
	switch (url.protocol) {
		case 'unix:': {
			// unix:///abs/path, and unix://relative/path as the docker CLI also takes it.
			return {...none, socketPath: decodeURIComponent(url.host + url.pathname), protocol: 'http'};
		}

		case 'tcp:':
		case 'http:':
		case 'https:': {
			const tls = endpoint.tls && (endpoint.tls.verify || endpoint.tls.cert) ? endpoint.tls : undefined;
			const protocol = tls || url.protocol === 'https:' ? 'https' : 'http';
			const port = url.port ? Number(url.port) : protocol === 'https' ? 2376 : 2375;
			const options: DockerodeOptions = {...none, host: url.hostname.replace(/^\[(.*)]$/, '$1'), port, protocol, ca: tls?.ca, cert: tls?.cert, key: tls?.key};
			if (protocol === 'https' && tls && !tls.verify) options.agent = new HttpsAgent({rejectUnauthorized: false, ca: tls.ca, cert: tls.cert, key: tls.key});
			return options;
		}

		case 'ssh:': {
			return {
				...none,
				host: url.hostname,
				port: url.port ? Number(url.port) : 22,
				protocol: 'ssh',
				username: url.username || undefined,
				sshOptions: {agent: env.SSH_AUTH_SOCK},
			};
		}

		default: {
			throw new EndpointError(`Unsupported Docker host "${endpoint.host}": expected unix://, tcp://, https:// or ssh://`);
		}
	}
}

/** What to tell a person whose engine does not answer (why, from the error's code: see engine-probe.ts). */
export function howToStartEngine(endpoint: Endpoint, error?: {code?: string; message?: string}): string {
	return engineProblemMessage(endpoint, error);
}
