import {formatBytes} from '../../format.js';
import type {ComposeProject} from '../../docker/compose.js';
import {runStep} from '../recorded-step.js';
import {composeForVariant} from '../stack.js';
import type {BaseEvent, FlowContext} from '../types.js';
import {builtImageName, withTag} from './missing-images.js';

export const applicableFixes = ['build-alpine'] as const;

/**
 * The fixes alpinist applies itself: only safe ones. build-alpine builds the Alpine images without
 * cache, as the guide's fix for "pull access denied" does: it builds, it stops and removes nothing.
 */
export async function* applyFix(context: FlowContext, id: string): AsyncGenerator<BaseEvent, boolean, void> {
	if (id !== 'build-alpine') {
		yield {type: 'message', level: 'error', text: `No fix "${id}" can be applied automatically (known: ${applicableFixes.join(', ')}).`};
		return false;
	}

	const variants = (['alpine', 'alpineTest'] as const).filter(variant => context.project.compose[variant]);
	if (variants.length === 0) {
		yield {type: 'message', level: 'error', text: 'The project has no Alpine compose file: nothing to build.'};
		return false;
	}

	let ok = true;
	for (const variant of variants) {
		const compose = await composeForVariant(context, variant);
		const step = `apply-${variant}`;
		const title = `Build the ${variant === 'alpine' ? 'Alpine' : 'Alpine test'} images without cache`;
		if (context.dryRun) {
			yield {type: 'step', id: step, title, status: 'skip', summary: `dry run: would run ${compose.describe(['build', '--no-cache'])}`};
			continue;
		}

		const end = yield* runStep(
			step,
			title,
			async emit => {
				emit({type: 'log', step, line: `$ ${compose.describe(['build', '--no-cache'])}`});
				const result = await compose.build({noCache: true, signal: context.signal, onLine: line => emit({type: 'log', step, line})});
				if (result.exitCode !== 0) return {status: 'fail', summary: `${result.command} exited ${result.exitCode}`, detail: result.stderr.split('\n').filter(Boolean).slice(-8)};
				const built = await builtImages(context, compose);
				return {status: 'pass', summary: `built ${built.length} image(s) with --no-cache`, detail: built};
			},
			{signal: context.signal},
		);
		ok &&= end.status === 'pass';
	}

	return ok;
}

/** The images a build made, each with its size and time, or that it is not there. */
async function builtImages(context: FlowContext, compose: ComposeProject): Promise<string[]> {
	const config = await compose.config({signal: context.signal}).catch(() => ({services: {}}));
	return Promise.all(
		Object.entries<any>(config.services ?? {})
			.filter(([, definition]) => definition.build)
			.map(async ([service, definition]) => {
				const image = definition.image ?? builtImageName(compose.projectName, service, compose.options.cli.version);
				const inspect = await context.docker
					.getImage(withTag(image))
					.inspect()
					.catch(() => undefined);
				return inspect ? `${image} (${formatBytes(inspect.Size)}, created ${inspect.Created})` : `${image} (not found after the build)`;
			}),
	);
}
