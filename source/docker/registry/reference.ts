/**
 * Where an image reference lives in the distribution API: registry host, repository path, tag.
 * `postgres:16` → registry-1.docker.io, library/postgres, 16. Pure.
 */

export const DOCKER_HUB = 'docker.io';
/** The host Docker Hub's API answers on. */
export const DOCKER_HUB_API = 'registry-1.docker.io';

export type RegistryRef = {
	/** As written in config.json's keys: `docker.io` for Docker Hub, else host[:port]. */
	registry: string;
	repository: string;
	/** Tag, or a digest (sha256:…). */
	reference: string;
};

/** A reference with a tag or digest; undefined for one that is not an image name (a variable left, spaces). */
export function registryRef(image: string): RegistryRef | undefined {
	if (!image || /[\s$]/.test(image)) return undefined;
	let rest = image;
	let reference = 'latest';
	const at = rest.indexOf('@');
	if (at >= 0) {
		reference = rest.slice(at + 1);
		rest = rest.slice(0, at);
	} else {
		const slash = rest.lastIndexOf('/');
		const colon = rest.lastIndexOf(':');
		if (colon > slash) {
			reference = rest.slice(colon + 1);
			rest = rest.slice(0, colon);
		}
	}

	const first = rest.split('/')[0]!;
	const hasHost = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
	let registry = hasHost ? first : DOCKER_HUB;
	let repository = hasHost ? rest.slice(first.length + 1) : rest;
	if (['index.docker.io', 'registry-1.docker.io', 'docker.io'].includes(registry)) registry = DOCKER_HUB;
	if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
	if (!/^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/.test(repository)) return undefined;
	if (!/^(?:[\w][\w.-]{0,127}|[a-z0-9]+:[a-f0-9]{32,})$/.test(reference)) return undefined;
	return {registry, repository, reference};
}

/** Loopback registries speak plain HTTP (the engine trusts 127.0.0.0/8 as insecure by default). */
export function isLoopback(registry: string): boolean {
	const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
	return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
