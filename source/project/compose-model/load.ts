import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {interpolate, parseDotEnv} from './interpolate.js';
import {type Definition, mergeSection, mergeServices, normalizeService, rebaseService} from './merge.js';
import {ComposeFileError, readYamlFile, type YamlFile} from './yaml-file.js';

/**
 * The regular Compose model read the way Compose reads it: several `-f` files merged in order,
 * `include` (each included project with its own directory and `.env`), `extends` (same file or
 * another), profiles, and variables from the shell, the project config and the `.env` file of the
 * project directory. Definitions stay as written (variables kept) for writing files; `resolve`
 * interpolates a value with the environment of the file the service came from.
 */

export type Env = Record<string, string | undefined>;

export type ServiceSource = {
	name: string;
	/** The file that defines the service (the first -f file that names it, or the included one). */
	file: string;
	line?: number;
	/** Merged definition, variables as written, relative paths from the project directory. */
	definition: Definition;
	/** The environment the service's values are interpolated with. */
	env: Env;
	/** Where it came from besides `file`: extended and included files. */
	via: string[];
};

export type RawModel = {
	projectDir: string;
	/** The -f files, in order. */
	files: string[];
	/** Every file read: -f files, included and extended ones. */
	sources: string[];
	name?: unknown;
	services: ServiceSource[];
	sections: Record<'volumes' | 'networks' | 'secrets' | 'configs', unknown>;
	/** Problems compose would refuse the model for, besides parse errors (thrown). */
	problems: string[];
	env: Env;
};

export type LoadOptions = {
	files: string[];
	/** Default: the first file's directory (compose's --project-directory). */
	projectDir?: string;
	/** The project config's env: under the shell's, over the `.env` file. */
	configEnv?: Record<string, string>;
	processEnv?: NodeJS.ProcessEnv;
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readDotEnv(file: string): Record<string, string> {
	if (!existsSync(file)) return {};
	try {
		return parseDotEnv(readFileSync(file, 'utf8'));
	} catch {
		return {};
	}
}

export function loadRawModel(options: LoadOptions): RawModel {
	if (options.files.length === 0) throw new ComposeFileError('(none)', 'no compose file given');
	const files = options.files.map(file => path.resolve(file));
	const projectDir = path.resolve(options.projectDir ?? path.dirname(files[0]!));
	const processEnv = (options.processEnv ?? process.env) as Env;
	const env: Env = {...readDotEnv(path.join(projectDir, '.env')), ...options.configEnv, ...processEnv};
	const loader = new Loader();
	const model = loader.project(files, projectDir, env, []);
	return {...model, projectDir, files, sources: [...loader.read.keys()], env};
}

type Partial = Omit<RawModel, 'projectDir' | 'files' | 'sources' | 'env'>;

class Loader {
	readonly read = new Map<string, YamlFile>();

	file(file: string): YamlFile {
		let parsed = this.read.get(file);
		if (!parsed) {
			parsed = readYamlFile(file);
			this.read.set(file, parsed);
		}

		return parsed;
	}

	/** A project: its files merged in order, includes first, paths from `projectDir`. */
	project(files: string[], projectDir: string, env: Env, stack: string[]): Partial {
		const result: Partial = {services: [], sections: {volumes: undefined, networks: undefined, secrets: undefined, configs: undefined}, problems: []};
		const byName = new Map<string, ServiceSource>();
		for (const file of files) {
			if (stack.includes(file)) throw new ComposeFileError(file, `included in a cycle: ${[...stack, file].map(f => path.basename(f)).join(' → ')}`);
			const yaml = this.file(file);
			const root = yaml.value;
			if (root.name !== undefined) result.name = root.name;
			for (const included of this.includes(yaml, projectDir, env, [...stack, file])) {
				result.problems.push(...included.problems);
				for (const service of included.services) {
					if (byName.has(service.name)) result.problems.push(`service ${service.name} is defined in ${path.basename(service.file)} and in ${path.basename(byName.get(service.name)!.file)} (an included project may not redefine a service)`);
					else byName.set(service.name, service);
				}

				for (const key of Object.keys(result.sections) as Array<keyof Partial['sections']>) result.sections[key] = mergeSection(result.sections[key], included.sections[key]);
			}

			const services = (root.services ?? {}) as Record<string, Definition | null>;
			for (const [name, raw] of Object.entries(services)) {
				const resolved = this.extended(file, name, raw ?? {}, [`${file}#${name}`]);
				// Every -f file's relative paths are from the project directory, as in compose.
				const {definition} = resolved;
				const existing = byName.get(name);
				if (existing) {
					existing.definition = mergeServices(existing.definition, definition);
					existing.via.push(file, ...resolved.via);
				} else {
					byName.set(name, {name, file, line: yaml.serviceLines[name], definition: normalizeService(definition), env, via: resolved.via});
				}
			}

			for (const key of Object.keys(result.sections) as Array<keyof Partial['sections']>) result.sections[key] = mergeSection(result.sections[key], root[key]);
		}

		result.services = [...byName.values()];
		return result;
	}

	/** `include:` entries of a file, each loaded as a project of its own. */
	includes(yaml: YamlFile, projectDir: string, env: Env, stack: string[]): Partial[] {
		const entries = yaml.value.include;
		if (entries === undefined || entries === null) return [];
		if (!Array.isArray(entries)) throw new ComposeFileError(yaml.file, '`include` must be a list');
		const base = path.dirname(yaml.file);
		return entries.map(entry => {
			const spec = typeof entry === 'string' ? {path: entry} : isObject(entry) ? entry : undefined;
			if (!spec || spec.path === undefined) throw new ComposeFileError(yaml.file, '`include` entries are a path or a mapping with `path`');
			const paths = (Array.isArray(spec.path) ? spec.path : [spec.path]).map(p => path.resolve(base, interpolate(String(p), env).value));
			const dir = spec.project_directory ? path.resolve(base, interpolate(String(spec.project_directory), env).value) : path.dirname(paths[0]!);
			const envFiles = spec.env_file === undefined ? [path.join(dir, '.env')] : (Array.isArray(spec.env_file) ? spec.env_file : [spec.env_file]).map(f => path.resolve(base, String(f)));
			const ownEnv: Env = {};
			for (const file of envFiles) Object.assign(ownEnv, readDotEnv(file));
			const included = this.project(paths, dir, {...ownEnv, ...env}, stack);
			return {...included, services: included.services.map(service => ({...service, definition: rebaseService(service.definition, dir, projectDir), via: [...service.via, yaml.file]}))};
		});
	}

	/** A service with its `extends` chain applied, paths from its own file's directory. */
	extended(file: string, name: string, raw: Definition, stack: string[]): {definition: Definition; via: string[]} {
		const {extends: extension, ...own} = raw;
		if (extension === undefined || extension === null) return {definition: own, via: []};
		const spec = typeof extension === 'string' ? {service: extension} : isObject(extension) ? extension : undefined;
		if (!spec || typeof spec.service !== 'string') throw new ComposeFileError(file, `services.${name}.extends needs a service`, this.file(file).serviceLines[name]);
		const baseFile = typeof spec.file === 'string' ? path.resolve(path.dirname(file), spec.file) : file;
		const key = `${baseFile}#${spec.service}`;
		if (stack.includes(key)) throw new ComposeFileError(file, `services.${name} extends itself through ${stack.map(entry => entry.split('#')[1]).join(' → ')}`);
		const yaml = this.file(baseFile);
		const baseRaw = ((yaml.value.services ?? {}) as Record<string, Definition | null>)[spec.service];
		if (baseRaw === undefined) throw new ComposeFileError(file, `services.${name} extends ${spec.service}, which ${path.basename(baseFile)} does not define`, this.file(file).serviceLines[name]);
		const base = this.extended(baseFile, spec.service, baseRaw ?? {}, [...stack, key]);
		const rebased = rebaseService(base.definition, path.dirname(baseFile), path.dirname(file));
		return {definition: mergeServices(rebased, own), via: baseFile === file ? base.via : [baseFile, ...base.via]};
	}
}
