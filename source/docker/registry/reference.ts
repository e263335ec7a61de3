/**
 * Where an image reference lives in the distribution API: registry host, repository path, tag.
 * `postgres:16` → registry-1.docker.io, library/postgres, 16. Pure.
 */

import {DOCKER_HUB, parseImageRef} from '../image-ref.js';

export {DOCKER_HUB} from '../image-ref.js';
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
	const ref = parseImageRef(image);
	const reference = ref.digest ?? ref.tag ?? 'latest';
	if (!/^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/.test(ref.path)) return undefined;
	if (!/^(?:[\w][\w.-]{0,127}|[a-z0-9]+:[a-f0-9]{32,})$/.test(reference)) return undefined;
	return {registry: ref.domain === DOCKER_HUB ? DOCKER_HUB : ref.domain, repository: ref.path, reference};
}

/** Loopback registries speak plain HTTP (the engine trusts 127.0.0.0/8 as insecure by default). */
export function isLoopback(registry: string): boolean {
	const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
	return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
