import type Dockerode from 'dockerode';
import {parseImageRef} from './image-ref.js';

/**
 * The compressed size a pull transfers, read from the registry's manifest of what was pushed: a
 * pull downloads each `layers[].size` blob (compressed) that the puller does not hold yet. The
 * manifest is found through the image's RepoDigests (recorded by the engine when it pushed or
 * pulled the image), so the figure is that of these very bytes, not of a tag that moved since.
 */

const manifestTypes = [
	'application/vnd.docker.distribution.manifest.v2+json',
	'application/vnd.oci.image.manifest.v1+json',
	'application/vnd.docker.distribution.manifest.list.v2+json',
	'application/vnd.oci.image.index.v1+json',
];

export type PulledImage = {id: string; image: string; services: string[]};

export type PullSize = {
	id: string;
	image: string;
	services: string[];
	/** `registry/repository@digest` the figure was read from; absent when the image is not in that registry. */
	reference?: string;
	/** Sum of the manifest's layers[].size (compressed). */
	compressed?: number;
	layers?: Array<{digest: string; size: number}>;
	/** Why there is no figure. */
	missing?: string;
};

export type StackPullSize = {
	registry: string;
	images: PullSize[];
	/** Every distinct layer blob of the stack once: what pulling the whole stack onto an empty engine transfers. */
	total?: number;
	method: string;
};

export const pullSizeMethod = (registry: string) =>
	`compressed layer sizes from the manifests in ${registry} (layers[].size of the manifest each image's RepoDigest names; the config blob not counted), each distinct layer once for the stack`;

/** Layers of a manifest, or of the platform's manifest when it is an index (recorded samples welcome). */
type Manifest = {mediaType?: string; layers?: Array<{digest: string; size: number}>; manifests?: Array<{digest: string; platform?: {os?: string; architecture?: string}}>};

function scheme(registry: string): string {
	const host = registry.replace(/:\d+$/, '');
	return host === 'localhost' || host.startsWith('127.') || host === '[::1]' ? 'http' : 'https';
}

async function getManifest(registry: string, repository: string, reference: string, signal?: AbortSignal): Promise<Manifest> {
	const url = `${scheme(registry)}://${registry}/v2/${repository}/manifests/${reference}`;
	const response = await fetch(url, {headers: {accept: manifestTypes.join(', ')}, signal: signal ?? AbortSignal.timeout(10_000)});
	if (response.status === 401) throw new Error(`${registry} asks for credentials (not read)`);
	if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
	return (await response.json()) as Manifest;
}

/** Sum of layers[].size; an index is followed to the linux/amd64 (or the only) manifest. */
export async function manifestLayers(registry: string, repository: string, digest: string, platform = {os: 'linux', architecture: 'amd64'}, signal?: AbortSignal) {
	let manifest = await getManifest(registry, repository, digest, signal);
	if (manifest.manifests) {
		const pick = manifest.manifests.find(entry => entry.platform?.os === platform.os && entry.platform?.architecture === platform.architecture) ?? manifest.manifests[0];
		if (!pick) throw new Error(`${repository}@${digest}: an empty index`);
		manifest = await getManifest(registry, repository, pick.digest, signal);
	}

	return (manifest.layers ?? []).map(layer => ({digest: layer.digest, size: layer.size}));
}

/** The stack's figure from each image's layers: distinct blobs once (pure). */
export function stackPullTotal(images: PullSize[]): number | undefined {
	if (images.length === 0 || images.some(image => image.layers === undefined)) return undefined;
	const blobs = new Map<string, number>();
	for (const image of images) for (const layer of image.layers!) blobs.set(layer.digest, layer.size);
	return [...blobs.values()].reduce((sum, size) => sum + size, 0);
}

export async function measurePullSizes(docker: Dockerode, registry: string, images: PulledImage[], signal?: AbortSignal): Promise<StackPullSize> {
	const read = await Promise.all(
		images.map(async ({id, image, services}): Promise<PullSize> => {
			const inspect = await docker.getImage(id).inspect();
			const platform = {os: inspect.Os ?? 'linux', architecture: inspect.Architecture ?? 'amd64'};
			const pushed = (inspect.RepoDigests ?? []).map(reference => parseImageRef(reference)).find(ref => ref.writtenDomain === registry && ref.digest);
			if (!pushed) return {id, image, services, missing: `not pushed to ${registry} (no RepoDigest there; docker push it first)`};
			const reference = `${registry}/${pushed.path}@${pushed.digest}`;
			try {
				const layers = await manifestLayers(registry, pushed.path, pushed.digest!, platform, signal);
				return {id, image, services, reference, layers, compressed: layers.reduce((sum, layer) => sum + layer.size, 0)};
			} catch (error) {
				return {id, image, services, reference, missing: (error as Error).message};
			}
		}),
	);
	return {registry, images: read, total: stackPullTotal(read), method: pullSizeMethod(registry)};
}
