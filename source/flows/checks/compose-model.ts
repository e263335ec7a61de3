import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {isMap, LineCounter, parseDocument} from 'yaml';
import {composeSpecProblems, type YamlProblem} from './compose-schema.js';
import {interpolate} from '../../project/compose-model/interpolate.js';

/**
 * A compose file read the quick way: YAML with line numbers, variables resolved as compose
 * resolves them, and only what the checks need (build, ports, healthcheck, image). Pure apart
 * from reading the file.
 */

export type PortSpec = {
	/** As written in the file, before interpolation. */
	raw: string;
	hostIp?: string;
	hostPort: number;
	containerPort: number;
	protocol: 'tcp' | 'udp';
	/** Variables the host part is written with: the knob that moves the port. */
	variables: string[];
};

export type BuildSpec = {
	/** Absolute, or a URL (git context) left as is. */
	context: string;
	remote: boolean;
	/** Absolute path of the Dockerfile (inside the context unless written absolute). */
	dockerfile: string;
	/** As written (relative to the context). */
	dockerfileName: string;
	args: Record<string, string | undefined>;
};

export type HealthcheckSpec = {disabled: boolean; test?: string[] | string};

export type ServiceModel = {
	name: string;
	/** 1-based line of the service's key. */
	line?: number;
	image?: string;
	build?: BuildSpec;
	ports: PortSpec[];
	healthcheck?: HealthcheckSpec;
};

export type {YamlProblem} from './compose-schema.js';

export type ComposeModel = {
	file: string;
	services: ServiceModel[];
	/** Unset variables used without default (compose warns and substitutes ""). */
	missingVariables: string[];
	/** Problems that make compose refuse the file (YAML errors first). */
	problems: YamlProblem[];
};

export type ReadResult = {file: string; exists: false} | ({exists: true} & ComposeModel);

export async function readComposeFile(file: string, env: Record<string, string | undefined>): Promise<ReadResult> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {file, exists: false};
		return {file, exists: true, services: [], missingVariables: [], problems: [{message: (error as Error).message}]};
	}

	return {exists: true, ...parseCompose(text, file, env)};
}

/** Adds the specification's problems that do not repeat one already found on the same line. */
function withSpec(model: ComposeModel, spec: YamlProblem[]): ComposeModel {
	const lines = new Set(model.problems.map(problem => problem.line));
	model.problems.push(...spec.filter(problem => problem.line === undefined || !lines.has(problem.line)));
	return model;
}

export function parseCompose(text: string, file: string, env: Record<string, string | undefined>): ComposeModel {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, merge: true, prettyErrors: false, uniqueKeys: true});
	const model: ComposeModel = {file, services: [], missingVariables: [], problems: []};
	if (document.errors.length > 0) {
		model.problems = document.errors.map(error => {
			const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
			return {message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), line: position.line, col: position.col};
		});
		return model;
	}

	const root: unknown = document.toJS({maxAliasCount: 1000});
	if (!root || typeof root !== 'object' || Array.isArray(root)) {
		model.problems.push({message: 'the file is not a mapping (expected a top-level `services:`)', line: 1});
		return model;
	}

	// Held against the Compose specification too (Compose refuses a file that does not follow it);
	// its problems come after this reader's own, which say the same in fewer words.
	const spec = composeSpecProblems(root, document, lineCounter);
	const servicesNode = document.get('services', true);
	const services = (root as Record<string, unknown>).services;
	if (!services || typeof services !== 'object' || Array.isArray(services)) {
		const line = servicesNode && 'range' in (servicesNode as object) ? lineCounter.linePos((servicesNode as any).range[0]).line : undefined;
		model.problems.push({message: 'no `services:` mapping', line});
		return withSpec(model, spec);
	}

	const dir = path.dirname(file);
	const missing = new Set<string>();
	const resolve = (value: unknown, where: string, line?: number): string | undefined => {
		if (value === undefined || value === null) return undefined;
		const result = interpolate(String(value), env);
		for (const name of result.missing) missing.add(name);
		for (const error of result.errors) model.problems.push({message: `${where}: ${error}`, line});
		return result.value;
	};

	const lineOf = (keys: Array<string | number>): number | undefined => {
		if (!isMap(servicesNode)) return undefined;
		const pair = servicesNode.items.find(item => (item.key as any)?.value === keys[0]);
		const node = keys.length === 1 ? pair?.key : document.getIn(['services', ...keys], true);
		const range = (node as any)?.range as [number, number] | undefined;
		return range ? lineCounter.linePos(range[0]).line : undefined;
	};

	for (const [name, raw] of Object.entries(services as Record<string, any>)) {
		const line = lineOf([name]);
		const service: ServiceModel = {name, line, ports: []};
		if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) model.problems.push({message: `services.${name} must be a mapping`, line});
		const definition = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
		if (definition.ports !== undefined && !Array.isArray(definition.ports)) model.problems.push({message: `services.${name}.ports must be a list`, line: lineOf([name, 'ports'])});
		if (definition.build !== undefined && (definition.build === null || Array.isArray(definition.build) || !['string', 'object'].includes(typeof definition.build))) {
			model.problems.push({message: `services.${name}.build must be a path or a mapping`, line: lineOf([name, 'build'])});
		}

		service.image = resolve(definition.image, `${name}.image`, line);
		if (definition.build !== undefined && definition.build !== null) {
			service.build = buildSpec(definition.build, dir, (value, where) => resolve(value, `${name}.build${where}`, lineOf([name, 'build'])));
		}

		for (const [index, entry] of (Array.isArray(definition.ports) ? definition.ports : []).entries()) {
			const entryLine = lineOf([name, 'ports', index]);
			try {
				service.ports.push(...parsePort(entry, value => resolve(value, `${name}.ports`, entryLine)));
			} catch (error) {
				model.problems.push({message: `${name}.ports[${index}]: ${(error as Error).message}`, line: entryLine});
			}
		}

		if (definition.healthcheck && typeof definition.healthcheck === 'object') {
			const test = definition.healthcheck.test;
			const disabled = definition.healthcheck.disable === true || (Array.isArray(test) && test[0] === 'NONE') || test === 'NONE';
			service.healthcheck = {disabled, test};
		}

		model.services.push(service);
	}

	model.missingVariables = [...missing];
	return withSpec(model, spec);
}

function buildSpec(build: unknown, dir: string, resolve: (value: unknown, where: string) => string | undefined): BuildSpec {
	const object = typeof build === 'object' && build !== null ? (build as Record<string, any>) : {context: build};
	const contextText = resolve(object.context ?? '.', '.context') || '.';
	const remote = /^(?:https?:\/\/|git@|git:\/\/|github\.com\/)/.test(contextText) || contextText.endsWith('.git');
	const context = remote ? contextText : path.resolve(dir, contextText);
	const dockerfileName = resolve(object.dockerfile ?? 'Dockerfile', '.dockerfile') || 'Dockerfile';
	const dockerfile = remote ? dockerfileName : path.resolve(context, dockerfileName);
	const args: Record<string, string | undefined> = {};
	if (Array.isArray(object.args)) {
		for (const item of object.args) {
			const text = String(item);
			const equals = text.indexOf('=');
			// `- KEY` without a value takes it from the environment, like compose.
			if (equals === -1) args[text] = resolve(`\${${text}}`, '.args');
			else args[text.slice(0, equals)] = resolve(text.slice(equals + 1), '.args');
		}
	} else if (object.args && typeof object.args === 'object') {
		for (const [key, value] of Object.entries(object.args)) args[key] = value === null ? resolve(`\${${key}}`, '.args') : resolve(value, '.args');
	}

	return {context, remote, dockerfile, dockerfileName, args};
}

function range(text: string): number[] {
	const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
	if (!match) throw new Error(`"${text}" is not a port or port range`);
	const start = Number(match[1]);
	const end = match[2] ? Number(match[2]) : start;
	if (end < start || start < 0 || end > 65_535) throw new Error(`"${text}" is not a valid port range`);
	return Array.from({length: end - start + 1}, (_, index) => start + index);
}

/** Short syntax ("[ip:]host:container[/proto]", "container") and long syntax ({target, published, host_ip, protocol}). */
export function parsePort(entry: unknown, resolve: (value: unknown) => string | undefined): PortSpec[] {
	if (entry && typeof entry === 'object') {
		const long = entry as Record<string, unknown>;
		const rawPublished = long.published === undefined ? undefined : String(long.published);
		if (rawPublished === undefined || rawPublished === '') return [];
		const published = resolve(rawPublished) ?? '';
		const protocol: PortSpec['protocol'] = (resolve(long.protocol) ?? 'tcp') === 'udp' ? 'udp' : 'tcp';
		const hostIp = resolve(long.host_ip) || undefined;
		const target = range(resolve(long.target) ?? '0');
		const variables = variablesIn(rawPublished);
		return range(published)
			.filter(hostPort => hostPort !== 0)
			.map((hostPort, index) => ({raw: JSON.stringify(entry), hostIp, hostPort, containerPort: target[index] ?? target[0], protocol, variables}));
	}

	const raw = String(entry);
	const resolved = resolve(raw) ?? '';
	const [spec, proto] = resolved.split('/');
	const protocol: PortSpec['protocol'] = proto === 'udp' ? 'udp' : 'tcp';
	// IPv6 host addresses come in brackets: [::1]:8000:80
	const bracket = /^\[([^\]]+)\]:(.*)$/.exec(spec);
	const parts = bracket ? [bracket[1], ...bracket[2].split(':')] : spec.split(':');
	if (parts.length === 1) return []; // container port only: the engine picks a free host port
	const containerPart = parts.at(-1)!;
	const hostPart = parts.at(-2)!;
	const hostIp = parts.length >= 3 ? parts.slice(0, -2).join(':') || undefined : undefined;
	if (hostPart === '') return []; // "ip::container": random host port
	const variables = hostVariables(raw);
	const hosts = range(hostPart);
	const containers = range(containerPart);
	// Host port 0: the engine picks a free one.
	return hosts
		.map((hostPort, index) => ({raw, hostIp, hostPort, containerPort: containers[index] ?? containers[0], protocol, variables}))
		.filter(port => port.hostPort !== 0);
}

function variablesIn(text: string): string[] {
	return [...text.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map(match => match[1]);
}

/** The variables of the host part of a short port spec ("${A:-8002}:${B:-80}" → A). */
function hostVariables(raw: string): string[] {
	// Split on colons that are not inside ${...}.
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of raw.split('/')[0]) {
		if (char === '{') depth++;
		if (char === '}') depth--;
		if (char === ':' && depth === 0) {
			parts.push(current);
			current = '';
		} else {
			current += char;
		}
	}

	parts.push(current);
	if (parts.length < 2) return [];
	return variablesIn(parts.at(-2)!);
}
