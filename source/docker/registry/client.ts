import {credentialsFor, readDockerConfig, type Credentials} from './credentials.js';
import {DOCKER_HUB, DOCKER_HUB_API, isLoopback, type RegistryRef, registryRef} from './reference.js';

/**
 * Does this tag exist? Asked of the registry with the OCI distribution API: `HEAD
 * /v2/<name>/manifests/<tag>` with the index and manifest-list media types in Accept, after the
 * token flow a 401 asks for (Docker Hub's anonymous pull token included), with credentials from
 * ~/.docker/config.json when it has some. Docker Hub images are asked of the engine's registry
 * mirrors first. Every request is bounded by a timeout; no answer is "unreachable", never a guess.
 */

export type TagLookup =
	| {status: 'found'; registry: string; digest?: string}
	| {status: 'missing'; registry: string}
	| {status: 'denied'; registry: string; detail: string}
	| {status: 'unreachable'; registry: string; detail: string}
	| {status: 'invalid'; detail: string};

export const MANIFEST_ACCEPT = [
	'application/vnd.oci.image.index.v1+json',
	'application/vnd.docker.distribution.manifest.list.v2+json',
	'application/vnd.oci.image.manifest.v1+json',
	'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export type LookupOptions = {
	timeoutMs?: number;
	signal?: AbortSignal;
	/** Docker Hub mirrors (the engine's RegistryConfig.Mirrors), tried first for Docker Hub images. */
	mirrors?: string[];
	/** Registries to speak plain HTTP to, besides loopback ones (the engine's insecure registries). */
	insecure?: string[];
	credentials?: (registry: string) => Promise<Credentials | undefined>;
};

function baseUrl(registry: string, insecure: string[]): string {
	if (/^https?:\/\//.test(registry)) return registry.replace(/\/+$/, '');
	const host = registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
	return `${isLoopback(registry) || insecure.includes(registry) ? 'http' : 'https'}://${host}`;
}

/** `Bearer realm="…",service="…",scope="…"` → its parameters. */
export function parseChallenge(header: string): {scheme: string; params: Record<string, string>} {
	const scheme = /^\s*(\w+)/.exec(header)?.[1]?.toLowerCase() ?? '';
	const params: Record<string, string> = {};
	for (const match of header.matchAll(/(\w+)="([^"]*)"/g)) params[match[1]!.toLowerCase()] = match[2]!;
	return {scheme, params};
}

const basic = (credentials: Credentials) => `Basic ${Buffer.from(`${credentials.username}:${credentials.secret}`).toString('base64')}`;

async function request(url: string, init: RequestInit, options: LookupOptions): Promise<Response> {
	const timeout = AbortSignal.timeout(options.timeoutMs ?? 5000);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
	return fetch(url, {...init, signal, redirect: 'follow'});
}

async function token(challenge: Record<string, string>, ref: RegistryRef, credentials: Credentials | undefined, options: LookupOptions): Promise<string | undefined> {
	if (!challenge.realm || !/^https?:\/\//.test(challenge.realm)) return undefined;
	const url = new URL(challenge.realm);
	if (challenge.service) url.searchParams.set('service', challenge.service);
	url.searchParams.set('scope', challenge.scope ?? `repository:${ref.repository}:pull`);
	const response = await request(url.toString(), {headers: credentials ? {Authorization: basic(credentials)} : {}}, options);
	if (!response.ok) return undefined;
	const body = (await response.json()) as {token?: string; access_token?: string};
	return body.token ?? body.access_token;
}

async function lookupAt(base: string, registry: string, ref: RegistryRef, options: LookupOptions): Promise<TagLookup> {
	const url = `${base}/v2/${ref.repository}/manifests/${ref.reference}`;
	const headers: Record<string, string> = {Accept: MANIFEST_ACCEPT};
	try {
		let response = await request(url, {method: 'HEAD', headers}, options);
		if (response.status === 401) {
			const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
			const credentials = await (options.credentials ?? (async r => credentialsFor(r, readDockerConfig())))(registry);
			if (challenge.scheme === 'bearer') {
				const bearer = await token(challenge.params, ref, credentials, options);
				if (!bearer) return {status: 'denied', registry, detail: 'the registry gave no pull token'};
				headers.Authorization = `Bearer ${bearer}`;
			} else if (challenge.scheme === 'basic' && credentials) {
				headers.Authorization = basic(credentials);
			} else {
				return {status: 'denied', registry, detail: 'the registry wants credentials and ~/.docker/config.json has none for it'};
			}

			response = await request(url, {method: 'HEAD', headers}, options);
		}

		if (response.status === 200) return {status: 'found', registry, digest: response.headers.get('docker-content-digest') ?? undefined};
		if (response.status === 404) return {status: 'missing', registry};
		if (response.status === 401 || response.status === 403) return {status: 'denied', registry, detail: `HTTP ${response.status}`};
		return {status: 'unreachable', registry, detail: `HTTP ${response.status}`};
	} catch (error) {
		const cause = (error as {cause?: {code?: string; message?: string}}).cause;
		const detail = (error as Error).name === 'TimeoutError' ? `no answer in ${options.timeoutMs ?? 5000} ms` : cause?.code ?? cause?.message ?? (error as Error).message;
		return {status: 'unreachable', registry, detail};
	}
}

export async function lookupTag(image: string, options: LookupOptions = {}): Promise<TagLookup> {
	const ref = registryRef(image);
	if (!ref) return {status: 'invalid', detail: `${image} is not an image reference`};
	const insecure = options.insecure ?? [];
	if (ref.registry === DOCKER_HUB) {
		for (const mirror of options.mirrors ?? []) {
			const found = await lookupAt(mirror.replace(/\/+$/, ''), mirror, ref, options);
			if (found.status === 'found') return found;
		}
	}

	return lookupAt(baseUrl(ref.registry, insecure), ref.registry, ref, options);
}

/** Tags of a repository (`GET /v2/<name>/tags/list`, first page), or undefined when the registry does not say. */
export async function listTags(image: string, options: LookupOptions = {}): Promise<string[] | undefined> {
	const ref = registryRef(image);
	if (!ref) return undefined;
	try {
		const response = await request(`${baseUrl(ref.registry, options.insecure ?? [])}/v2/${ref.repository}/tags/list?n=1000`, {headers: {Accept: 'application/json'}}, options);
		if (!response.ok) return undefined;
		const body = (await response.json()) as {tags?: string[] | null};
		return body.tags ?? [];
	} catch {
		return undefined;
	}
}
