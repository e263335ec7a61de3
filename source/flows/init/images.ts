import {fullName, parseImageRef} from '../../docker/image-ref.js';
import {mapBaseImage} from '../../dockerfile/base-images.js';

/**
 * An image → its Alpine counterpart, by the official images' tag conventions (mapBaseImage),
 * through the project's image substitutions: a mirror or an air-gapped site names its local copy
 * of an upstream image in `imageSubstitutions` (`"alpine:3.20": "registry.local/alpine:3.20"`,
 * or a prefix: `"docker.io/library/": "mirror.local/library/"`). An image that is such a local
 * copy is read as its upstream (so its Alpine tag is found), and the Alpine image chosen is
 * written as the local copy when one is named. Never a tag invented. Pure.
 */

export type Substitutions = Record<string, string>;

export type ImageDecision =
	| {status: 'mapped'; from: string; to: string; upstream: string; reason: string}
	| {status: 'already-alpine'; from: string; to: string; reason: string}
	| {status: 'kept'; from: string; to: string; reason: string};

/** `postgres` → `docker.io/library/postgres:latest`, the form substitutions are compared in. */
export function normalizeImage(image: string): string {
	const ref = parseImageRef(image);
	const tag = ref.tag === undefined ? (ref.digest === undefined ? ':latest' : '') : `:${ref.tag}`;
	return `${fullName(ref)}${tag}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}

/** The prefix form of a key (`docker.io/library/`), or undefined for an image key. */
const prefixKey = (key: string) => (key.endsWith('/') ? normalizeImage(`${key}x`).replace(/x:latest$/, '') : undefined);

/** The local image for an upstream one, when the substitutions name one. */
export function substitute(image: string, substitutions: Substitutions): string | undefined {
	const normalized = normalizeImage(image);
	for (const [key, value] of Object.entries(substitutions)) {
		const prefix = prefixKey(key);
		if (prefix === undefined ? normalizeImage(key) === normalized : normalized.startsWith(prefix)) {
			return prefix === undefined ? value : `${value}${normalized.slice(prefix.length)}`;
		}
	}

	return undefined;
}

/** The upstream image a local copy stands for, when the substitutions say so. */
export function upstreamOf(image: string, substitutions: Substitutions): string | undefined {
	const normalized = normalizeImage(image);
	for (const [key, value] of Object.entries(substitutions)) {
		if (key.endsWith('/')) {
			const local = prefixKey(value.endsWith('/') ? value : `${value}/`)!;
			if (normalized.startsWith(local)) return `${key}${normalized.slice(local.length)}`;
		} else if (normalizeImage(value) === normalized) {
			return key;
		}
	}

	return undefined;
}

export function decideImage(image: string, substitutions: Substitutions = {}): ImageDecision {
	const from = image;
	const upstream = upstreamOf(image, substitutions);
	const subject = upstream ?? image;
	const via = upstream ? ` (${image} stands for ${upstream} in imageSubstitutions)` : '';
	const mapping = mapBaseImage(subject);
	switch (mapping.kind) {
		case 'alpine': {
			return {status: 'already-alpine', from, to: from, reason: `${mapping.reason ?? 'already on Alpine'}${via}`};
		}

		case 'scratch': {
			return {status: 'kept', from, to: from, reason: 'scratch has no libc: nothing to move'};
		}

		case 'distroless': {
			return {status: 'kept', from, to: from, reason: 'a distroless image has no Alpine tag: build it on Alpine instead'};
		}

		case 'unknown': {
			return {status: 'kept', from, to: from, reason: `${mapping.reason}${mapping.suggestion ? `; consider ${mapping.suggestion}` : ''}${via}`};
		}

		case 'mapped': {
			const local = substitute(mapping.image, substitutions);
			const notes = mapping.notes.length > 0 ? `; ${mapping.notes.join('; ')}` : '';
			const through = local ? `, as ${local} (imageSubstitutions)` : '';
			return {status: 'mapped', from, to: local ?? mapping.image, upstream: mapping.image, reason: `${subject} → ${mapping.image} by its tag convention${through}${via}${notes}`};
		}
	}
}
