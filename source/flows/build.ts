import {type ComposeProject, composeNames} from '../docker/compose.js';
import {withDefaultTag} from '../docker/image-ref.js';
import {ExitCode} from './exit-code.js';
import {formatMB, formatMs} from '../format.js';
import type {FlowContext, FlowEvent} from './types.js';

/** The data events of a build: each image once built. */
export type BuildData = {image: BuiltImage};

/** Building a variant's images through the compose driver, one service at a time. */

export type BuiltImage = {service: string; image: string; id: string; bytes: number; durationMs: number};

export type BuildOutcome =
	| {ok: true; images: BuiltImage[]}
	| {ok: false; images: BuiltImage[]; service: string; exitCode: number; lines: string[]; command: string};

/** Services that compose builds (they have a `build:` section), in file order. */
export function buildableServices(config: any): string[] {
	return Object.entries<any>(config?.services ?? {})
		.filter(([, service]) => service?.build !== undefined)
		.map(([name]) => name);
}

/**
 * The tag compose gives a built image: the service's `image:` when it has one, else
 * `<project>_<service>` (Compose v1) or `<project>-<service>` (v2).
 */
export function builtImageName(version: 'v1' | 'v2', projectName: string, service: string, config: any): string {
	const named: string | undefined = config?.services?.[service]?.image;
	if (named) return withDefaultTag(named);
	return `${composeNames(version).image(projectName, service)}:latest`;
}

/**
 * Which of these built images compose could no longer run as recorded: their tag is gone, or now
 * names another image. (The id alone is not enough: an identical build elsewhere keeps it alive.)
 */
export async function missingImages(context: FlowContext, images: Array<{service: string; image: string; id: string}>): Promise<string[]> {
	const missing: string[] = [];
	for (const image of images) {
		try {
			const info = await context.docker.getImage(image.image).inspect();
			if (info.Id !== image.id) missing.push(image.service);
		} catch {
			missing.push(image.service);
		}
	}

	return missing;
}

/** Ids of the images compose would run for these services, when they exist (undefined when not). */
export async function imageIds(context: FlowContext, compose: ComposeProject, services: string[], config: any): Promise<Array<{service: string; image: string; id?: string; bytes?: number}>> {
	return Promise.all(
		services.map(async service => {
			const image = builtImageName(compose.options.cli.version, compose.projectName, service, config);
			try {
				const info = await context.docker.getImage(image).inspect();
				return {service, image, id: info.Id, bytes: info.Size};
			} catch {
				return {service, image};
			}
		}),
	);
}

/**
 * Builds each service in turn (--no-cache when asked, the guide's fix for a stale image), streaming
 * its output as log events tagged with the service, and reports each image's size once built.
 */
export async function buildImages(
	context: FlowContext,
	compose: ComposeProject,
	options: {services: string[]; config: any; noCache: boolean; step: string; emit: (event: FlowEvent<BuildData>) => void; /** The image names the Compose in use gives (composeImageNames). */ names?: Record<string, string>},
): Promise<BuildOutcome> {
	const images: BuiltImage[] = [];
	const {emit} = options;
	for (const [index, service] of options.services.entries()) {
		if (context.signal.aborted) break;
		emit({type: 'progress', step: options.step, done: index, total: options.services.length, label: service});
		const tail: string[] = [];
		const result = await compose.build({
			services: [service],
			noCache: options.noCache,
			signal: context.signal,
			onLine(line) {
				if (!line.trim()) return;
				tail.push(line);
				if (tail.length > 30) tail.shift();
				emit({type: 'log', step: options.step, source: service, line});
			},
		});
		if (result.exitCode !== 0) {
			return {ok: false, images, service, exitCode: result.exitCode, lines: tail.slice(-15), command: result.command};
		}

		const name = options.names?.[service] ?? builtImageName(compose.options.cli.version, compose.projectName, service, options.config);
		const info = await context.docker.getImage(name).inspect();
		const built: BuiltImage = {service, image: name, id: info.Id, bytes: info.Size, durationMs: result.durationMs};
		images.push(built);
		emit({type: 'data', kind: 'image', data: built});
		emit({type: 'log', step: options.step, source: service, line: `image ${name}: ${formatMB(built.bytes)} (built in ${formatMs(built.durationMs)})`});
	}

	emit({type: 'progress', step: options.step, done: images.length, total: options.services.length});
	if (context.signal.aborted && images.length < options.services.length) {
		return {ok: false, images, service: options.services[images.length], exitCode: ExitCode.interrupted, lines: ['interrupted'], command: ''};
	}

	return {ok: true, images};
}
