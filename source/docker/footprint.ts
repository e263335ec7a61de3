import {createHash} from 'node:crypto';
import type Dockerode from 'dockerode';

/**
 * What a stack's images really take, from the engine's own figures: `docker images` counts a
 * shared base layer once in every image, so three services on one base look three times as big.
 * Here the layers are read (image inspect RootFS, image history for each layer's size), keyed by
 * chain ID as the engine's layer store keys them, and counted once for the stack; the per-image
 * shared/unique split is the engine's (`/system/df`, exactly what `docker system df -v` shows).
 */

export type Layer = {chainId: string; diffId: string; bytes: number};

export type ImageFootprint = {
	id: string;
	/** The image as the stack names it. */
	image: string;
	services: string[];
	/** As `docker images` shows it (uncompressed, shared layers included). */
	size: number;
	/** `docker system df -v`: bytes of its layers that other images on the engine use too. */
	shared?: number;
	/** `docker system df -v`: size − shared, the bytes only this image holds. */
	unique?: number;
	/** Its layers, oldest first, with the bytes each adds. */
	layers: Layer[];
	/** Bytes of its layers that no other image of the stack uses: what it adds to the stack. */
	ownInStack: number;
	/** False when the history did not give one size per layer (zero-size layers) and the split is a best fit. */
	layerSizesExact: boolean;
};

export type StackFootprint = {
	images: ImageFootprint[];
	/** The sum `docker images` gives: each image's size, shared layers counted in each. */
	listed: number;
	/** What the stack takes on disk: every distinct layer of its images once. */
	total: number;
	/** Bytes in layers that two or more of the stack's images use (counted once). */
	shared: number;
	/** Bytes in layers only one of the stack's images uses. */
	unique: number;
	method: string;
};

export const footprintMethod =
	"layers of the stack's images (image inspect RootFS, sizes from image history), each distinct layer counted once (keyed by chain ID); per image, shared and unique bytes as `docker system df -v` reports them (engine /system/df); uncompressed, decimal MB";

/** The engine's chain IDs: chain(0) = diff(0), chain(n) = sha256(chain(n−1) + " " + diff(n)). */
export function chainIds(diffIds: string[]): string[] {
	const chains: string[] = [];
	for (const diffId of diffIds) {
		const previous = chains.at(-1);
		chains.push(previous === undefined ? diffId : `sha256:${createHash('sha256').update(`${previous} ${diffId}`).digest('hex')}`);
	}

	return chains;
}

type HistoryEntry = {Size: number; CreatedBy?: string};

/**
 * One size per layer from an image's history (newest first, as the engine gives it). Entries of
 * instructions that made no layer have size 0; a layer can have size 0 too. When the positive
 * sizes are as many as the layers, they are the layers' sizes; otherwise the positive ones fill
 * the layers in order and the rest are 0 (a best fit: exact says which).
 */
export function layerSizes(history: HistoryEntry[], layerCount: number): {sizes: number[]; exact: boolean} {
	const oldestFirst = [...history].reverse();
	const positive = oldestFirst.filter(entry => entry.Size > 0).map(entry => entry.Size);
	if (positive.length === layerCount) return {sizes: positive, exact: true};
	if (oldestFirst.length === layerCount) return {sizes: oldestFirst.map(entry => entry.Size), exact: true};
	const sizes = Array.from({length: layerCount}, (_, index) => positive[index] ?? 0);
	return {sizes, exact: false};
}

/** The stack's figures from its images' layers: pure, for recorded samples. */
export function stackFootprint(images: Array<Omit<ImageFootprint, 'ownInStack'>>): StackFootprint {
	const users = new Map<string, {bytes: number; images: Set<string>}>();
	for (const image of images) {
		for (const layer of image.layers) {
			const entry = users.get(layer.chainId) ?? {bytes: layer.bytes, images: new Set<string>()};
			entry.images.add(image.id);
			users.set(layer.chainId, entry);
		}
	}

	let total = 0;
	let shared = 0;
	for (const {bytes, images: using} of users.values()) {
		total += bytes;
		if (using.size > 1) shared += bytes;
	}

	return {
		images: images.map(image => ({...image, ownInStack: image.layers.filter(layer => users.get(layer.chainId)!.images.size === 1).reduce((sum, layer) => sum + layer.bytes, 0)})),
		listed: images.reduce((sum, image) => sum + image.size, 0),
		total,
		shared,
		unique: total - shared,
		method: footprintMethod,
	};
}

/** Reads the layers of these images (one entry per distinct image ID) and the engine's shared/unique split. */
export async function measureFootprint(docker: Dockerode, images: Array<{id: string; image: string; service?: string}>): Promise<StackFootprint> {
	const byId = new Map<string, {image: string; services: string[]}>();
	for (const {id, image, service} of images) {
		const entry = byId.get(id) ?? {image, services: []};
		if (service && !entry.services.includes(service)) entry.services.push(service);
		byId.set(id, entry);
	}

	// The engine computes every image's shared size in one call; a failure only loses that split.
	const df = (await docker.df().catch(() => undefined)) as {Images?: Array<{Id: string; Size: number; SharedSize: number}>} | undefined;
	const read = await Promise.all(
		[...byId].map(async ([id, {image, services}]) => {
			const handle = docker.getImage(id);
			const [inspect, history] = await Promise.all([handle.inspect(), handle.history() as Promise<HistoryEntry[]>]);
			const diffIds = inspect.RootFS?.Layers ?? [];
			const chains = chainIds(diffIds);
			const {sizes, exact} = layerSizes(history, diffIds.length);
			const engine = df?.Images?.find(entry => entry.Id === id);
			const shared = engine && engine.SharedSize >= 0 ? engine.SharedSize : undefined;
			return {
				id,
				image,
				services: services.sort(),
				size: inspect.Size,
				shared,
				unique: shared === undefined ? undefined : inspect.Size - shared,
				layers: diffIds.map((diffId, index) => ({chainId: chains[index], diffId, bytes: sizes[index] ?? 0})),
				layerSizesExact: exact,
			};
		}),
	);
	return stackFootprint(read.sort((a, b) => a.image.localeCompare(b.image)));
}
