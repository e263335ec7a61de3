import path from 'node:path';
import {parsePort, type PortSpec} from '../../flows/checks/compose-model.js';
import {interpolate} from './interpolate.js';
import {type Env, type LoadOptions, loadRawModel, type RawModel, type ServiceSource} from './load.js';

/**
 * The regular Compose model with each service's values interpolated: image, build (context,
 * dockerfile, target, args), ports, container name and profiles, the way `docker compose config`
 * resolves them. Built on the raw model (load.ts), which keeps values as written.
 */

export type BuildModel = {
	/** Absolute, or a URL (git context) left as is. */
	context: string;
	remote: boolean;
	/** Absolute path of the Dockerfile; undefined for an inline one. */
	dockerfile?: string;
	/** As written (relative to the context). */
	dockerfileName: string;
	inline?: string;
	target?: string;
	args: Record<string, string | undefined>;
};

export type ServiceModel = {
	name: string;
	file: string;
	line?: number;
	image?: string;
	build?: BuildModel;
	ports: PortSpec[];
	containerName?: string;
	profiles: string[];
	/** Active with the profiles enabled now (COMPOSE_PROFILES): services without profiles always are. */
	active: boolean;
	source: ServiceSource;
};

export type ComposeModel = {
	projectDir: string;
	files: string[];
	sources: string[];
	name?: string;
	services: ServiceModel[];
	/** Variables used without a value or default (compose substitutes an empty string and warns). */
	missingVariables: string[];
	problems: string[];
	raw: RawModel;
};

export type ModelOptions = LoadOptions & {
	/** Enabled profiles; default COMPOSE_PROFILES. `*` enables all. */
	profiles?: string[];
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function loadComposeModel(options: ModelOptions): ComposeModel {
	const raw = loadRawModel(options);
	const missing = new Set<string>();
	const problems = [...raw.problems];
	const resolver = (env: Env, where: string) => (value: unknown): string | undefined => {
		if (value === undefined || value === null) return undefined;
		const result = interpolate(String(value), env);
		for (const name of result.missing) missing.add(name);
		for (const error of result.errors) problems.push(`${where}: ${error}`);
		return result.value;
	};

	const enabled = options.profiles ?? (raw.env.COMPOSE_PROFILES ?? '').split(',').map(p => p.trim()).filter(Boolean);
	const services = raw.services.map(source => {
		const {definition, name} = source;
		const resolve = resolver(source.env, `services.${name}`);
		const profiles = Array.isArray(definition.profiles) ? definition.profiles.map(p => resolve(p) ?? '') : [];
		const service: ServiceModel = {
			name,
			file: source.file,
			line: source.line,
			image: resolve(definition.image),
			ports: [],
			containerName: resolve(definition.container_name),
			profiles,
			active: profiles.length === 0 || enabled.includes('*') || profiles.some(p => enabled.includes(p)),
			source,
		};
		if (isObject(definition.build)) service.build = buildModel(definition.build, raw.projectDir, resolve);
		for (const [index, entry] of (Array.isArray(definition.ports) ? definition.ports : []).entries()) {
			try {
				service.ports.push(...parsePort(entry, resolve));
			} catch (error) {
				problems.push(`services.${name}.ports[${index}]: ${(error as Error).message}`);
			}
		}

		return service;
	});

	const name = raw.name === undefined ? undefined : resolver(raw.env, 'name')(raw.name);
	return {projectDir: raw.projectDir, files: raw.files, sources: raw.sources, name, services, missingVariables: [...missing], problems, raw};
}

function buildModel(build: Record<string, unknown>, projectDir: string, resolve: (value: unknown) => string | undefined): BuildModel {
	const contextText = resolve(build.context ?? '.') || '.';
	const remote = /^(?:https?:\/\/|git@|git:\/\/|github\.com\/)/.test(contextText) || contextText.endsWith('.git');
	const context = remote ? contextText : path.resolve(projectDir, contextText);
	const inline = typeof build.dockerfile_inline === 'string' ? build.dockerfile_inline : undefined;
	const dockerfileName = resolve(build.dockerfile ?? 'Dockerfile') || 'Dockerfile';
	const args: Record<string, string | undefined> = {};
	for (const [key, value] of Object.entries(isObject(build.args) ? build.args : {})) {
		// `KEY` without a value takes it from the environment, as compose does; unset, it is not passed.
		args[key] = value === null ? resolve(`\${${key}-}`) || undefined : resolve(value);
	}

	return {
		context,
		remote,
		dockerfile: remote || inline !== undefined ? undefined : path.resolve(context, dockerfileName),
		dockerfileName,
		inline,
		target: resolve(build.target) || undefined,
		args,
	};
}
