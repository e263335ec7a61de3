import {readdirSync, readFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

/**
 * Whether an image reference exists in its registry: HEAD /v2/<name>/manifests/<tag> (the OCI
 * distribution API), as the nodes would pull it. Only for registries named in the reference;
 * Docker Hub names are "not checked" (that needs a token dance alpinist leaves to the engine).
 */

export type ImageRef = {registry?: string; repository: string; tag: string};

export function parseImageRef(reference: string): ImageRef {
	const withoutDigest = reference.replace(/@sha256:[0-9a-f]+$/, '');
	const slash = withoutDigest.indexOf('/');
	const first = slash > 0 ? withoutDigest.slice(0, slash) : '';
	const hasRegistry = slash > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
	const rest = hasRegistry ? withoutDigest.slice(slash + 1) : withoutDigest;
	const colon = rest.lastIndexOf(':');
	const tag = colon > rest.lastIndexOf('/') && colon > 0 ? rest.slice(colon + 1) : 'latest';
	const repository = colon > rest.lastIndexOf('/') && colon > 0 ? rest.slice(0, colon) : rest;
	return {registry: hasRegistry ? first : undefined, repository, tag};
}

/** repo:tag → repo:newTag, keeping the registry. */
export function withTag(reference: string, tag: string): string {
	const ref = parseImageRef(reference);
	return `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}:${tag}`;
}

export type ManifestCheck = {state: 'present'; digest?: string} | {state: 'missing'} | {state: 'unchecked'; why: string};

const accept = [
	'application/vnd.oci.image.index.v1+json',
	'application/vnd.oci.image.manifest.v1+json',
	'application/vnd.docker.distribution.manifest.list.v2+json',
	'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** The CA the docker CLI and engine trust for a registry: /etc/docker/certs.d/<host:port>/*.crt. */
function registryCa(registry: string): string | undefined {
	const dir = path.join('/etc/docker/certs.d', registry);
	try {
		const files = readdirSync(dir).filter(file => file.endsWith('.crt'));
		return files.length ? files.map(file => readFileSync(path.join(dir, file), 'utf8')).join('\n') : undefined;
	} catch {
		return undefined;
	}
}

function head(url: URL, options: {ca?: string; timeoutMs: number}): Promise<{status: number; digest?: string}> {
	return new Promise((resolve, reject) => {
		const request = (url.protocol === 'https:' ? https : http).request(
			url,
			{method: 'HEAD', headers: {Accept: accept}, ca: options.ca, timeout: options.timeoutMs},
			response => {
				response.resume();
				const digest = response.headers['docker-content-digest'];
				resolve({status: response.statusCode ?? 0, digest: typeof digest === 'string' ? digest : undefined});
			},
		);
		request.on('timeout', () => request.destroy(new Error(`no answer in ${options.timeoutMs} ms`)));
		request.on('error', reject);
		request.end();
	});
}

export async function checkManifest(reference: string, options: {timeoutMs?: number} = {}): Promise<ManifestCheck> {
	const ref = parseImageRef(reference);
	if (!ref.registry) return {state: 'unchecked', why: 'no registry in the name (Docker Hub): the nodes will pull it from there'};
	const errors: string[] = [];
	const ca = registryCa(ref.registry);
	for (const scheme of ['https', 'http']) {
		try {
			const url = new URL(`${scheme}://${ref.registry}/v2/${ref.repository}/manifests/${encodeURIComponent(ref.tag)}`);
			const response = await head(url, {ca, timeoutMs: options.timeoutMs ?? 3000});
			if (response.status === 200) return {state: 'present', digest: response.digest};
			if (response.status === 404) return {state: 'missing'};
			if (response.status === 401 || response.status === 403) return {state: 'unchecked', why: `the registry asks for credentials (${response.status})`};
			errors.push(`${scheme}: HTTP ${response.status}`);
		} catch (error) {
			errors.push(`${scheme}: ${(error as Error).message}`);
		}
	}

	return {state: 'unchecked', why: `${ref.registry} did not answer from here (${errors.join('; ')})`};
}
