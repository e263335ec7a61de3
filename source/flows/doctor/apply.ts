import {formatBytes} from '../../format.js';
import {composeForVariant} from '../stack.js';
import type {BaseEvent, FlowContext} from '../types.js';
import {builtImageName, withTag} from './missing-images.js';

export const applicableFixes = ['build-alpine'] as const;

/** Lines of a running command as events, as they come (a build without cache takes minutes). */
function lineQueue() {
	const lines: string[] = [];
	let wake: (() => void) | undefined;
	return {
		push(line: string) {
			lines.push(line);
			wake?.();
		},
		async *drain(done: Promise<unknown>): AsyncGenerator<string> {
			let finished = false;
			const finish = () => {
				finished = true;
				wake?.();
			};
			done.then(finish, finish);
			for (;;) {
				while (lines.length > 0) yield lines.shift()!;
				if (finished) return;
				await new Promise<void>(resolve => {
					wake = resolve;
				});
				wake = undefined;
			}
		},
	};
}

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

		yield {type: 'step', id: step, title, status: 'running'};
		yield {type: 'log', step, line: `$ ${compose.describe(['build', '--no-cache'])}`};
		const queue = lineQueue();
		const build = compose.build({noCache: true, signal: context.signal, onLine: line => queue.push(line)});
		for await (const line of queue.drain(build)) yield {type: 'log', step, line};
		const result = await build;
		ok &&= result.exitCode === 0;
		let built: string[] = [];
		if (result.exitCode === 0) {
			const config = await compose.config({signal: context.signal}).catch(() => ({services: {}}));
			built = await Promise.all(
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

		yield {
			type: 'step',
			id: step,
			title,
			status: result.exitCode === 0 ? 'pass' : 'fail',
			summary: result.exitCode === 0 ? `built ${built.length} image(s) with --no-cache` : `${result.command} exited ${result.exitCode}`,
			detail: result.exitCode === 0 ? built : result.stderr.split('\n').filter(Boolean).slice(-8),
			durationMs: result.durationMs,
		};
	}

	return ok;
}
