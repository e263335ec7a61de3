import path from 'node:path';
import type {ComposeProject} from '../../docker/compose.js';
import type {Variant} from '../../project/discover.js';
import {composeForVariant} from '../stack.js';
import type {FlowContext} from '../types.js';

export type ServiceDockerfile = {
	/** Absolute path of the Dockerfile compose builds the service from. */
	file: string;
	/** Its build arguments as compose resolved them (interpolated from the environment). */
	args: Record<string, string>;
};

/**
 * What several diagnoses read during one doctor run, read once: `compose config` costs a second or
 * more per call with Compose v1, and the files do not change while the doctor runs.
 */
export type Shared = {
	compose(variant: Variant): Promise<ComposeProject>;
	/** The resolved compose configuration of a variant (rejects as compose does). */
	config(variant: Variant): Promise<any>;
	dockerfile(variant: Variant, service: string): Promise<ServiceDockerfile | undefined>;
};

function memo<T>(make: (key: string) => Promise<T>): (key: string) => Promise<T> {
	const cache = new Map<string, Promise<T>>();
	return key => {
		let value = cache.get(key);
		if (!value) {
			value = make(key);
			cache.set(key, value);
		}

		return value;
	};
}

export function createShared(context: FlowContext): Shared {
	const compose = memo(async variant => composeForVariant(context, variant as Variant));
	const config = memo(async variant => (await compose(variant)).config({signal: context.signal}));
	return {
		compose: variant => compose(variant),
		config: variant => config(variant),
		async dockerfile(variant, service) {
			try {
				const build = (await config(variant)).services?.[service]?.build;
				if (!build) return undefined;
				const base = path.dirname(context.project.compose[variant]!);
				const contextDir = path.resolve(base, typeof build === 'string' ? build : build.context ?? '.');
				const file = path.resolve(contextDir, typeof build === 'string' ? 'Dockerfile' : build.dockerfile ?? 'Dockerfile');
				const args = typeof build === 'object' && build.args && typeof build.args === 'object' && !Array.isArray(build.args) ? (build.args as Record<string, string>) : {};
				return {file, args};
			} catch {
				return undefined;
			}
		},
	};
}
