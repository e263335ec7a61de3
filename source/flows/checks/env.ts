import type {Snapshot} from '../../docker/types.js';
import type {Variant} from '../../project/discover.js';
import {engineProblem} from '../engine.js';
import type {FlowContext} from '../types.js';
import {readComposeFile, type ReadResult} from './compose-model.js';
import {composeEnv} from '../../project/compose-model/interpolate.js';
import {type CheckEnv, defaultRequirements, type Requirements} from './types.js';

/** The inputs the checks share, each read once per run however many checks ask for it. */
export function createCheckEnv(context: FlowContext, requirements: Partial<Requirements> = {}): CheckEnv {
	let engine: Promise<Snapshot | undefined> | undefined;
	const files = new Map<Variant, Promise<ReadResult | undefined>>();
	const envs = new Map<Variant, Record<string, string | undefined>>();
	const memo = new Map<string, Promise<unknown>>();
	const variantEnv = (variant: Variant) => {
		const file = context.project.compose[variant];
		if (!envs.has(variant)) envs.set(variant, file ? composeEnv(file, context.project.config.env) : {...context.project.config.env, ...process.env});
		return envs.get(variant)!;
	};

	return {
		context,
		requirements: {...defaultRequirements, ...requirements},
		engine: () =>
			(engine ??= (async () => {
				if (!(await engineProblem(context.store))) return context.store.getSnapshot();
				// The store reconnects on its own: give a just-started engine a moment.
				return context.store.waitFor(s => s.status === 'ready', {timeoutMs: 300, signal: context.signal}).catch(() => undefined);
			})()),
		composeFile(variant) {
			let read = files.get(variant);
			if (!read) {
				const file = context.project.compose[variant];
				read = file ? readComposeFile(file, variantEnv(variant)) : Promise.resolve(undefined);
				files.set(variant, read);
			}

			return read;
		},
		composeEnv: variantEnv,
		shared<T>(key: string, compute: () => Promise<T>) {
			if (!memo.has(key)) memo.set(key, compute());
			return memo.get(key) as Promise<T>;
		},
	};
}
