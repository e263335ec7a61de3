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
	/** Already musl: an Alpine image or tag, or an official image whose Linux tags are built on Alpine. */
	| {kind: 'alpine'; reason?: string}
	| {kind: 'scratch'}
	| {kind: 'distroless'}
	| {
			kind: 'unknown';
			reason: string;
			suggestion?: string;
			/** The image is glibc (or systemd) by what it is for: no Alpine variant can exist, so none is guessed. */
			glibcByNature?: boolean;
	  };

/** A base image as written, split for mapping: an official image's name apart from how its registry part was spelled. */
export function parseImageRef(image: string): ImageRef {
	const ref = parseReference(image);
	const written = {tag: ref.tag, digest: ref.digest};
	if (!ref.official) return {prefix: '', name: ref.raw.slice(0, ref.raw.length - suffixLength(ref)), ...written};
	return {prefix: writtenPrefix(ref), name: ref.path.slice('library/'.length), ...written};
}

const suffixLength = (ref: {tag?: string; digest?: string}) => (ref.tag === undefined ? 0 : ref.tag.length + 1) + (ref.digest === undefined ? 0 : ref.digest.length + 1);

const CODENAMES = 'bookworm|bullseye|buster|stretch|trixie|jessie|focal|jammy|noble|bionic|xenial';

/**
 * Strip Debian/Ubuntu release and `slim` variants from a tag: `3.11-slim-bookworm` → `3.11`; a bare
 * codename (`bookworm`, `slim-bookworm`) means the latest version, so it becomes `latest`.
 */
export function stripDebianVariant(tag: string): string {
	if (new RegExp(`^(?:slim-)?(?:${CODENAMES})(?:-slim)?$`).test(tag)) return 'latest';
	return tag
		.replace(new RegExp(`-(?:slim-)?(?:${CODENAMES})(?:-slim)?$`), '')
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

/** mcr.microsoft.com/dotnet/{sdk,aspnet,runtime,runtime-deps}: `8.0`, `8.0-bookworm-slim`, `8.0-jammy` → `8.0-alpine`. */
const dotnet: FamilyRule = tag => {
	const m = /^(\d+\.\d+(?:\.\d+)?)(?:-(?:bookworm-slim|bullseye-slim|bookworm|bullseye|jammy|noble|focal|jammy-chiseled|noble-chiseled)(?:-(amd64|arm64v8|arm32v7))?)?$/.exec(tag);
	if (m) return `${m[1]}-alpine${m[2] ? `-${m[2]}` : ''}`;
	if (tag === 'latest') return {unknown: 'the latest tag has no Alpine alias', suggestion: '<version>-alpine, e.g. 8.0-alpine'};
	return {unknown: `tag "${tag}" has no known Alpine counterpart`};
};

/** maven:3.9-eclipse-temurin-21[-jammy] → maven:3.9-eclipse-temurin-21-alpine; a bare version does not say which JDK. */
const maven: FamilyRule = tag => {
	const m = /^(.*?)-?eclipse-temurin-(\d+)(?:-(?:jammy|focal|noble))?$/.exec(tag);
	if (m) return `${m[1] ? `${m[1]}-` : ''}eclipse-temurin-${m[2]}-alpine`;
	const version = /^(\d[\w.]*)$/.exec(tag)?.[1];
	if (version || tag === 'latest') {
		return {unknown: `maven:${tag} does not say which JDK it carries, and its Alpine tags do`, suggestion: `maven:${version ? `${version}-` : ''}eclipse-temurin-<JDK>-alpine, e.g. maven:${version ?? '3.9'}-eclipse-temurin-21-alpine`};
	}
	return {unknown: `tag "${tag}" has no known Alpine counterpart (maven's Alpine tags are its eclipse-temurin ones)`};
};

/** gradle:8.7-jdk21[-jammy] → gradle:8.7-jdk21-alpine. */
const gradle: FamilyRule = tag => {
	const m = /^(.*?jdk\d+)(?:-(?:jammy|focal|noble))?$/.exec(tag);
	if (m) return `${m[1]}-alpine`;
	return {unknown: `gradle:${tag} does not name its JDK, and its Alpine tags do`, suggestion: `gradle:<version>-jdk<N>-alpine, e.g. gradle:8-jdk21-alpine`};
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
	maven,
	gradle,
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

/** Registry-qualified families: the full repository name → its rule. */
const QUALIFIED: Record<string, FamilyRule> = {
	'mcr.microsoft.com/dotnet/sdk': dotnet,
	'mcr.microsoft.com/dotnet/aspnet': dotnet,
	'mcr.microsoft.com/dotnet/runtime': dotnet,
	'mcr.microsoft.com/dotnet/runtime-deps': dotnet,
};

/**
 * Images that are glibc or systemd by what they are: Kubernetes-in-Docker nodes boot systemd, CUDA
 * images carry NVIDIA's glibc libraries, RHEL-family images are rpm distributions. Refused with the
 * reason, never re-based.
 */
const GLIBC_BY_NATURE: Array<[RegExp, string]> = [
	[/^(?:docker\.io\/)?kindest\/node$/, 'a Kubernetes-in-Docker node image boots systemd and runs glibc binaries (kubelet, containerd)'],
	[/(?:^|\/)k3s(?:-\w+)?$|^rancher\/k3s$/, 'a Kubernetes node image runs its own glibc or static binaries under its own init'],
	[/(?:^|\/)systemd(?:-[\w.-]+)?$|systemd/, 'the image exists to run systemd, which Alpine does not have (it uses OpenRC)'],
	[/^(?:docker\.io\/)?nvidia\/cuda$|(?:^|\/)cuda$/, 'CUDA images carry NVIDIA\'s glibc-only libraries'],
	[/^(?:centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|opensuse\/[\w.-]+|redhat\/ubi\d+(?:-\w+)?)$|^registry\.access\.redhat\.com\//, 'an rpm-based glibc distribution: its yum/dnf steps do not translate to apk automatically'],
	[/^mcr\.microsoft\.com\/windows|^mcr\.microsoft\.com\/powershell$/, 'a Windows or glibc-only Microsoft image'],
];

/**
 * Official images whose Linux tags are all built FROM alpine (their Dockerfiles in the official
 * images' repositories), so they have no `-alpine` tag to move to: they are on musl already.
 * Windows tags (windowsservercore, nanoserver) are not.
 */
const ALPINE_BASED = new Set(['traefik', 'caddy', 'registry', 'eclipse-mosquitto', 'docker']);

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
	if (ALPINE_BASED.has(ref.name) && !/windows|nanoserver/.test(ref.tag ?? '')) {
		return {kind: 'alpine', reason: `the official ${ref.name} image is built on Alpine`};
	}
	const notes: string[] = [];
	if (ref.digest) notes.push(`digest @${ref.digest} dropped: it pins the Debian image; pin the Alpine image by digest once chosen`);
	if (ref.name === 'debian' || ref.name === 'ubuntu') {
		notes.push(`${ref.name} becomes ${ALPINE_RELEASE}`);
		return {kind: 'mapped', image: `${ref.prefix}${ALPINE_RELEASE}`, notes};
	}
	for (const [pattern, why] of GLIBC_BY_NATURE) {
		if (pattern.test(ref.name)) return {kind: 'unknown', reason: `${ref.name} cannot move to Alpine: ${why}`, glibcByNature: true};
	}
	const family = (ref.prefix === '' ? QUALIFIED[ref.name] : undefined) ?? FAMILIES[ref.name];
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
	if (ref.tag !== undefined && ref.tag !== 'latest' && stripDebianVariant(ref.tag) === 'latest') {
		notes.push(`the tag ${ref.tag} names a Debian release, not a version: ${mapped} is the latest version; pin one (e.g. <version>-alpine) to keep builds repeatable`);
	}
	return {kind: 'mapped', image: `${ref.prefix}${ref.name}:${mapped}`, notes};
}
