import {parseImageRef as parseReference, writtenPrefix} from '../docker/image-ref.js';

/**
 * Base image → Alpine variant, by the official images' tag conventions.
 *
 * Only families whose Alpine tags are known are mapped; anything else is reported as having no
 * known Alpine tag rather than guessed. Mapped tags follow each image's naming scheme; a given
 * version may still be missing on the registry, which the build will tell.
 */

/** The Alpine release used when a plain Debian/Ubuntu base becomes Alpine. */
export const ALPINE_RELEASE = 'alpine:3.20';

export type ImageRef = {
	/** `docker.io/library/` style prefix, as written (may be empty). */
	prefix: string;
	/** Repository name without prefix, e.g. `python`. */
	name: string;
	tag?: string;
	digest?: string;
};

export type ImageMapping =
	| {kind: 'mapped'; image: string; notes: string[]}
	| {kind: 'alpine'}
	| {kind: 'scratch'}
	| {kind: 'distroless'}
	| {kind: 'unknown'; reason: string; suggestion?: string};

/** A base image as written, split for mapping: an official image's name apart from how its registry part was spelled. */
export function parseImageRef(image: string): ImageRef {
	const ref = parseReference(image);
	const written = {tag: ref.tag, digest: ref.digest};
	if (!ref.official) return {prefix: '', name: ref.raw.slice(0, ref.raw.length - suffixLength(ref)), ...written};
	return {prefix: writtenPrefix(ref), name: ref.path.slice('library/'.length), ...written};
}

const suffixLength = (ref: {tag?: string; digest?: string}) => (ref.tag === undefined ? 0 : ref.tag.length + 1) + (ref.digest === undefined ? 0 : ref.digest.length + 1);

/** Strip Debian/Ubuntu release and `slim` variants from a tag: `3.11-slim-bookworm` → `3.11`. */
function stripDebianVariant(tag: string): string {
	return tag
		.replace(/-(?:slim-)?(?:bookworm|bullseye|buster|stretch|trixie|jessie|focal|jammy|noble)(?:-slim)?$/, '')
		.replace(/-slim$/, '');
}

const isVersionish = (tag: string) => /^(?:\d[\w.]*|\$\{?[A-Za-z_][\w:.-]*\}?[\w.]*)$/.test(tag);

type FamilyRule = (tag: string) => string | {unknown: string; suggestion?: string};

/** `<version>-alpine`, or `alpine` for latest / no version. */
const versionAlpine = (aliases: string[] = []): FamilyRule => tag => {
	const base = stripDebianVariant(tag);
	if (base === 'latest' || base === '' || base === 'slim') return 'alpine';
	if (isVersionish(base) || aliases.includes(base)) return `${base}-alpine`;
	return {unknown: `tag "${tag}" has no known Alpine counterpart`};
};

const FAMILIES: Record<string, FamilyRule> = {
	python: versionAlpine(),
	node: versionAlpine(['lts', 'current']),
	golang: versionAlpine(),
	ruby: versionAlpine(),
	rust: versionAlpine(),
	redis: versionAlpine(),
	postgres: versionAlpine(),
	memcached: versionAlpine(),
	haproxy: versionAlpine(['lts']),
	httpd: versionAlpine(),
	nginx: tag => {
		const m = /^(.*?)(?:-(perl|otel))?$/.exec(stripDebianVariant(tag))!;
		const base = m[1]!;
		const extra = m[2] ? `-${m[2]}` : '';
		if (base === 'latest' || base === '') return `alpine${extra}`;
		if (isVersionish(base) || base === 'stable' || base === 'mainline') return `${base}-alpine${extra}`;
		return {unknown: `tag "${tag}" has no known Alpine counterpart`};
	},
	php: tag => {
		const m = /^(.*?)(?:-(fpm|cli|zts|apache))?$/.exec(stripDebianVariant(tag))!;
		const version = m[1]!;
		const variant = m[2];
		if (variant === 'apache') return {unknown: 'php\'s apache variant has no Alpine tag', suggestion: 'php:<version>-fpm-alpine behind nginx:alpine'};
		if (version === 'latest' || version === '') return variant ? `${variant}-alpine` : 'alpine';
		if (!isVersionish(version)) return {unknown: `tag "${tag}" has no known Alpine counterpart`};
		return variant ? `${version}-${variant}-alpine` : `${version}-alpine`;
	},
	rabbitmq: tag => {
		const m = /^(.*?)(-management)?$/.exec(stripDebianVariant(tag))!;
		const version = m[1]!;
		const mgmt = m[2] ?? '';
		if (version === 'latest' || version === '') return mgmt ? 'management-alpine' : 'alpine';
		if (!isVersionish(version)) return {unknown: `tag "${tag}" has no known Alpine counterpart`};
		return `${version}${mgmt}-alpine`;
	},
	'eclipse-temurin': tag => {
		const m = /^(\d[\w.+]*?)(?:-(jdk|jre))?(?:-(?:jammy|focal|noble|ubi\d+-minimal|centos7))?$/.exec(tag);
		if (!m) return {unknown: `tag "${tag}" has no known Alpine counterpart`};
		return `${m[1]}-${m[2] ?? 'jdk'}-alpine`;
	},
	openjdk: tag => {
		const m = /^8(?:u[\d]+)?(?:-(jdk|jre))?(?:-slim)?$/.exec(tag);
		if (m) return `8-${m[1] ?? 'jdk'}-alpine`;
		const version = /^(\d+)/.exec(tag)?.[1] ?? '<version>';
		return {unknown: `openjdk:${tag} has no Alpine tag (the openjdk image is deprecated)`, suggestion: `eclipse-temurin:${version}-jdk-alpine or eclipse-temurin:${version}-jre-alpine`};
	},
};

const NO_ALPINE_HINTS: Record<string, string> = {
	mysql: 'the official mysql image has no Alpine variant',
	mariadb: 'the official mariadb image has no Alpine variant',
	mongo: 'the official mongo image has no Alpine variant',
	'buildpack-deps': 'buildpack-deps has no Alpine variant; start from alpine and add build-base and the -dev packages you need',
	perl: 'the official perl image has no Alpine variant',
};

export function mapBaseImage(image: string): ImageMapping {
	const lower = image.toLowerCase();
	if (lower === 'scratch') return {kind: 'scratch'};
	if (/^gcr\.io\/distroless\//.test(lower)) return {kind: 'distroless'};
	const ref = parseImageRef(image);
	if (ref.name === 'alpine' || (ref.tag !== undefined && /(^|-)alpine/.test(ref.tag))) return {kind: 'alpine'};
	const notes: string[] = [];
	if (ref.digest) notes.push(`digest @${ref.digest} dropped: it pins the Debian image; pin the Alpine image by digest once chosen`);
	if (ref.name === 'debian' || ref.name === 'ubuntu') {
		notes.push(`${ref.name} becomes ${ALPINE_RELEASE}`);
		return {kind: 'mapped', image: `${ref.prefix}${ALPINE_RELEASE}`, notes};
	}
	const family = FAMILIES[ref.name];
	if (!family) {
		if (ref.prefix === '' && ref.name.includes('/')) {
			return {kind: 'unknown', reason: `${ref.name} is not an official image with a known Alpine variant`};
		}
		return {kind: 'unknown', reason: NO_ALPINE_HINTS[ref.name] ?? `no known Alpine variant for ${ref.name}`};
	}
	if (ref.tag === undefined && ref.digest !== undefined) {
		return {kind: 'unknown', reason: `${ref.name}@${ref.digest} has no tag to map; use a tagged ${ref.name} image`};
	}
	const mapped = family(ref.tag ?? 'latest');
	if (typeof mapped !== 'string') return {kind: 'unknown', reason: mapped.unknown, suggestion: mapped.suggestion};
	return {kind: 'mapped', image: `${ref.prefix}${ref.name}:${mapped}`, notes};
}
