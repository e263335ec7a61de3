import type Dockerode from 'dockerode';
import {type Project, variantLabel, variantOfProjectName} from '../project/discover.js';
import {pathExistsOf, readFileOf} from './archive.js';
import type {ContainerInfo} from './types.js';

/**
 * Which variant a container runs: regular (glibc) or Alpine (musl). The project's own containers
 * say it through their compose project name; any other container is asked through its image:
 * /etc/os-release read with the engine's archive API, and the musl loader looked for. Answers are
 * cached per image id, so a hundred containers of one image cost one look.
 */

export type VariantFamily = 'regular' | 'alpine' | 'unknown';

export type ImageVariant = {
	family: VariantFamily;
	/** 'Alpine', 'musl' (musl without Alpine's ID), 'regular' or '?'. */
	label: string;
	source: 'os-release' | 'musl-loader' | 'none';
	osId?: string;
	prettyName?: string;
	muslLoader?: string;
};

export type RowVariant = {
	family: VariantFamily;
	label: string;
	/** compose: from the project's compose project names; image: from the image; pending: not known yet. */
	source: 'compose' | 'image' | 'pending';
	detail?: string;
};

/** KEY=value lines; values may be quoted (os-release(5)). */
export function parseOsRelease(text: string): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (!line || line.startsWith('#')) continue;
		const equals = line.indexOf('=');
		if (equals <= 0) continue;
		let value = line.slice(equals + 1).trim();
		if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
			value = value.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
		}

		fields[line.slice(0, equals)] = value;
	}

	return fields;
}

export function classifyImage(osRelease: Record<string, string> | undefined, muslLoader?: string): ImageVariant {
	const osId = osRelease?.ID?.toLowerCase();
	const like = (osRelease?.ID_LIKE ?? '').toLowerCase().split(/\s+/);
	const prettyName = osRelease?.PRETTY_NAME ?? osRelease?.NAME;
	if (osId === 'alpine') return {family: 'alpine', label: 'Alpine', source: 'os-release', osId, prettyName, muslLoader};
	if (muslLoader) return {family: 'alpine', label: 'musl', source: 'musl-loader', osId, prettyName, muslLoader};
	if (like.includes('alpine')) return {family: 'alpine', label: 'musl', source: 'os-release', osId, prettyName};
	if (osRelease && osId) return {family: 'regular', label: 'regular', source: 'os-release', osId, prettyName};
	return {family: 'unknown', label: '?', source: 'none'};
}

/** The musl loader's name for the engine's architecture (/lib/ld-musl-<arch>.so.1). */
export function muslLoaderPaths(engineArch: string | undefined): string[] {
	const names: Record<string, string> = {
		x86_64: 'x86_64',
		amd64: 'x86_64',
		aarch64: 'aarch64',
		arm64: 'aarch64',
		armv7l: 'armhf',
		armv6l: 'armhf',
		i386: 'i386',
		i686: 'i386',
		ppc64le: 'powerpc64le',
		s390x: 's390x',
		riscv64: 'riscv64',
	};
	const arch = engineArch ? names[engineArch] : undefined;
	const list = arch ? [arch] : ['x86_64', 'aarch64'];
	return list.map(name => `/lib/ld-musl-${name}.so.1`);
}

class ContainerGoneError extends Error {}

/**
 * A 404 from the archive API means a missing path or a missing container, and a streamed answer
 * carries no body to tell which: ask the container itself.
 */
async function assertContainerExists(container: Dockerode.Container): Promise<void> {
	try {
		await container.inspect();
	} catch (error: any) {
		if (error?.statusCode === 404) throw new ContainerGoneError(`container ${container.id} is gone`);
	}
}

/**
 * One file of a container's filesystem through GET /containers/{id}/archive, following symlinks
 * (os-release is often ../usr/lib/os-release). Undefined when the path does not exist.
 */
export async function readContainerFile(container: Dockerode.Container, file: string, options: {maxBytes?: number; hops?: number} = {}): Promise<Buffer | undefined> {
	try {
		const read = await readFileOf(container, file, {maxBytes: options.maxBytes ?? 256 * 1024, hops: options.hops ?? 4, onMissing: () => assertContainerExists(container)});
		return read?.data;
	} catch (error) {
		// A gone container is an answer of its own; any other failure reads as "no such file".
		if (error instanceof ContainerGoneError) throw error;
		return undefined;
	}
}


/** Reads one container's image: os-release, then the musl loader when os-release does not say Alpine. */
export async function inspectImageVariant(container: Dockerode.Container, engineArch?: string): Promise<ImageVariant> {
	let osRelease: Record<string, string> | undefined;
	for (const file of ['/etc/os-release', '/usr/lib/os-release']) {
		const data = await readContainerFile(container, file);
		if (data) {
			osRelease = parseOsRelease(data.toString('utf8'));
			break;
		}
	}

	if (osRelease?.ID?.toLowerCase() === 'alpine') return classifyImage(osRelease);
	let muslLoader: string | undefined;
	for (const loader of muslLoaderPaths(engineArch)) {
		if (await pathExistsOf(container, loader)) {
			muslLoader = loader;
			break;
		}
	}

	return classifyImage(osRelease, muslLoader);
}

type Listener = () => void;

/** Per-image cache of inspectImageVariant, shared by every view of one engine connection. */
export class ImageVariantDetector {
	private readonly known = new Map<string, ImageVariant>();
	private readonly pending = new Map<string, Promise<ImageVariant | undefined>>();
	private readonly listeners = new Set<Listener>();
	/** How many archive looks were made (one per image, unless a container vanished meanwhile). */
	looks = 0;

	constructor(
		private readonly docker: Dockerode,
		private readonly engineArch?: () => string | undefined,
	) {}

	peek(imageId: string): ImageVariant | undefined {
		return this.known.get(imageId);
	}

	subscribe(listener: Listener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Resolves the image's variant by reading this container; undefined when the container vanished. */
	detect(containerId: string, imageId: string): Promise<ImageVariant | undefined> {
		const cached = this.known.get(imageId);
		if (cached) return Promise.resolve(cached);
		const running = this.pending.get(imageId);
		if (running) return running;
		const work = (async () => {
			this.looks++;
			try {
				const variant = await inspectImageVariant(this.docker.getContainer(containerId), this.engineArch?.());
				this.known.set(imageId, variant);
				for (const listener of this.listeners) listener();
				return variant;
			} catch (error) {
				if (error instanceof ContainerGoneError) return undefined;
				const variant: ImageVariant = {family: 'unknown', label: '?', source: 'none'};
				this.known.set(imageId, variant);
				return variant;
			} finally {
				this.pending.delete(imageId);
			}
		})();
		this.pending.set(imageId, work);
		return work;
	}
}

const detectors = new WeakMap<Dockerode, ImageVariantDetector>();

export function detectorFor(docker: Dockerode, engineArch?: () => string | undefined): ImageVariantDetector {
	let detector = detectors.get(docker);
	if (!detector) {
		detector = new ImageVariantDetector(docker, engineArch);
		detectors.set(docker, detector);
	}

	return detector;
}

/** The row's variant: the compose project name first, the image's answer otherwise. */
export function containerVariant(project: Project | undefined, container: ContainerInfo, image: ImageVariant | undefined): RowVariant {
	const variant = project ? variantOfProjectName(project, container.project) : undefined;
	if (variant) return {family: variant === 'regular' ? 'regular' : 'alpine', label: variantLabel[variant], source: 'compose', detail: `compose project ${container.project}`};
	if (!image) return {family: 'unknown', label: '…', source: 'pending'};
	const detail = [image.prettyName, image.muslLoader ? `musl loader ${image.muslLoader}` : undefined].filter(Boolean).join(', ') || 'no os-release, no musl loader';
	return {family: image.family, label: image.label, source: 'image', detail};
}
