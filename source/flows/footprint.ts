import {measureFootprint, type StackFootprint} from '../docker/footprint.js';
import {measurePullSizes, type StackPullSize} from '../docker/pull-size.js';
import {formatMB} from '../format.js';
import type {ImageSize} from './stack.js';
import type {FlowContext} from './types.js';

/**
 * The stack's images as they weigh: on disk (distinct layers once, shared and unique bytes, each
 * image's own layers) and, when they were pushed to a registry, what a pull transfers (compressed).
 */
export type Footprint = {disk?: StackFootprint; pull?: StackPullSize; error?: string};

/** The registry to read pull sizes from: the flag, else the config's "registry", else none. */
export function registryOf(context: FlowContext, given?: string): string | undefined {
	return given ?? context.project.config.registry;
}

export async function measureStackFootprint(context: FlowContext, images: ImageSize[], registry?: string): Promise<Footprint> {
	if (images.length === 0) return {};
	try {
		const disk = await measureFootprint(context.docker, images);
		const pull = registry ? await measurePullSizes(context.docker, registry, disk.images.map(({id, image, services}) => ({id, image, services})), context.signal) : undefined;
		return {disk, pull};
	} catch (error) {
		return {error: `could not read the images' layers: ${(error as Error).message}`};
	}
}

/** Decimal units; below a megabyte in kB, so a layer of a few kilobytes does not read 0.0 MB. */
const mb = (bytes: number | undefined) => (bytes === undefined ? '–' : Math.abs(bytes) < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : formatMB(bytes));

/** Plain lines: the stack once, then each image with docker images' size, its shared/unique split and its own layers. */
export function footprintLines(footprint: Footprint | undefined): string[] {
	if (!footprint) return [];
	if (footprint.error) return [`footprint: ${footprint.error}`];
	const {disk, pull} = footprint;
	if (!disk) return [];
	const lines = [
		`footprint on disk ${mb(disk.total)} (${mb(disk.unique)} unique, ${mb(disk.shared)} shared between the stack's images); docker images would sum ${mb(disk.listed)}`,
		...disk.images.map(
			image =>
				`  ${(image.services.join(', ') || image.image).padEnd(18)} ${mb(image.size).padStart(9)} as docker images; ${mb(image.shared)} shared, ${mb(image.unique)} unique (docker system df -v); own layers in the stack ${mb(image.ownInStack)}${image.layerSizesExact ? '' : ' (layer sizes: best fit)'}`,
		),
		`  how: ${disk.method}`,
	];
	if (pull) {
		lines.push(
			pull.total === undefined ? `pull size from ${pull.registry}: not for every image` : `pull size from ${pull.registry}: ${mb(pull.total)} compressed for the whole stack`,
			...pull.images.map(image => `  ${(image.services.join(', ') || image.image).padEnd(18)} ${image.compressed === undefined ? image.missing : `${mb(image.compressed)} compressed (${image.reference})`}`),
			`  how: ${pull.method}`,
		);
	}

	return lines;
}
