/**
 * Image references, read the way the engine reads them (distribution/reference's normalisation):
 *
 * - The first path component is a registry domain when it holds a `.` or a `:` (a port), or is
 *   `localhost`; otherwise the reference is on Docker Hub (`docker.io`).
 * - On Docker Hub a single-component name is an official image: `alpine` is `docker.io/library/alpine`.
 * - `index.docker.io`, `registry-1.docker.io` and `registry.docker.com` are Docker Hub too.
 * - `:tag` follows the last component; `@digest` ends the reference. A registry port is no tag.
 *
 * The parse is lenient: Dockerfiles and compose files may hold `${VAR}` parts, which are kept as
 * written instead of being refused.
 */

export const DOCKER_HUB = 'docker.io';

const hubAliases = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io', 'registry.docker.com']);

export type ImageRef = {
	/** The reference as given (trimmed). */
	raw: string;
	/** The registry, normalised: `docker.io` when none is written or an alias of Docker Hub is. */
	domain: string;
	/** The registry as written, when one is. */
	writtenDomain?: string;
	/** The repository path on the registry: `library/alpine`, `team/app`. */
	path: string;
	tag?: string;
	/** `sha256:…` without the `@`. */
	digest?: string;
	/** An official image: `docker.io/library/<name>`. */
	official: boolean;
};

function splitDomain(name: string): {domain?: string; rest: string} {
	const slash = name.indexOf('/');
	if (slash === -1) return {rest: name};
	const first = name.slice(0, slash);
	if (first.includes('.') || first.includes(':') || first === 'localhost') return {domain: first, rest: name.slice(slash + 1)};
	return {rest: name};
}

export function parseImageRef(reference: string): ImageRef {
	const raw = reference.trim();
	let rest = raw;
	let digest: string | undefined;
	const at = rest.indexOf('@');
	if (at >= 0) {
		digest = rest.slice(at + 1);
		rest = rest.slice(0, at);
	}

	let tag: string | undefined;
	const colon = rest.lastIndexOf(':');
	if (colon > rest.lastIndexOf('/')) {
		tag = rest.slice(colon + 1);
		rest = rest.slice(0, colon);
	}

	const {domain: writtenDomain, rest: remainder} = splitDomain(rest);
	const hub = writtenDomain === undefined || hubAliases.has(writtenDomain);
	const domain = hub ? DOCKER_HUB : writtenDomain!;
	const path = hub && !remainder.includes('/') ? `library/${remainder}` : remainder;
	const official = hub && path.startsWith('library/') && !path.slice('library/'.length).includes('/');
	return {raw, domain, writtenDomain, path, tag, digest, official};
}

/** The repository in its familiar (short) form, as `docker images` shows it: `alpine`, `team/app`, `ghcr.io/o/x`. */
export function familiarName(ref: ImageRef): string {
	if (ref.domain !== DOCKER_HUB) return `${ref.domain}/${ref.path}`;
	return ref.official ? ref.path.slice('library/'.length) : ref.path;
}

/** The fully qualified repository: `docker.io/library/alpine`. */
export function fullName(ref: ImageRef): string {
	return `${ref.domain}/${ref.path}`;
}

/** The familiar form with its tag and digest: `alpine:3.20`, `team/app@sha256:…`. */
export function familiarString(ref: ImageRef): string {
	return `${familiarName(ref)}${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}

/**
 * The tag the engine lists for this reference (RepoTags): familiar name and tag, `latest` when
 * none is written, the digest dropped.
 */
export function repoTag(reference: string): string {
	const ref = parseImageRef(reference);
	return `${familiarName(ref)}:${ref.tag ?? 'latest'}`;
}

/** The reference as written, with `:latest` added when it names neither a tag nor a digest. */
export function withDefaultTag(reference: string): string {
	const ref = parseImageRef(reference);
	return ref.tag === undefined && ref.digest === undefined ? `${ref.raw}:latest` : ref.raw;
}

/**
 * The reference as written up to its last path component: `docker.io/library/` of
 * `docker.io/library/python:3`. Used to rewrite an image's name and tag while keeping how the
 * registry part was spelled.
 */
export function writtenPrefix(ref: ImageRef): string {
	const name = ref.raw.slice(0, ref.raw.length - (ref.digest === undefined ? 0 : ref.digest.length + 1) - (ref.tag === undefined ? 0 : ref.tag.length + 1));
	return name.slice(0, name.lastIndexOf('/') + 1);
}
