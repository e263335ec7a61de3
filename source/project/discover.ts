import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {type ComposeCli, ComposeProject} from '../docker/compose.js';
import {loadConfig, type ProjectConfig} from './config.js';

export type Variant = 'regular' | 'alpine' | 'alpineTest';
export const variants: Variant[] = ['regular', 'alpine', 'alpineTest'];
export const variantLabel: Record<Variant, string> = {regular: 'regular', alpine: 'Alpine', alpineTest: 'Alpine test'};

export type Project = {
	/** Absolute directory of the project: the key of its progress. */
	root: string;
	configFile?: string;
	config: ProjectConfig;
	/** Base compose project name. */
	name: string;
	/** Absolute compose file per variant, when the project has one. */
	compose: Partial<Record<Variant, string>>;
	/** The compose project name of each variant: everything alpinist touches carries one of these labels. */
	projectNames: Record<Variant, string>;
	/** True when this is the sample stack bundled with alpinist. */
	bundled: boolean;
};

/** The names the guide uses and Compose's own: docker-compose.alpine*.yml and compose.*.yaml. */
const candidates: Record<Variant, string[]> = {
	regular: ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'],
	alpine: ['docker-compose.alpine.yml', 'docker-compose.alpine.yaml', 'compose.alpine.yml', 'compose.alpine.yaml'],
	alpineTest: [
		'docker-compose.alpine-test.yml',
		'docker-compose.alpine-test.yaml',
		'compose.alpine-test.yml',
		'compose.alpine-test.yaml',
	],
};

export const configFileName = 'alpinist.config.json';

/** Where alpinist itself is installed: the bundled sample stack lives there. */
export function packageRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 6; i++) {
		if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'compose'))) return dir;
		dir = path.dirname(dir);
	}

	return process.cwd();
}

function findFile(dirs: string[], names: string[]): string | undefined {
	for (const dir of dirs) {
		for (const name of names) {
			const file = path.join(dir, name);
			if (existsSync(file)) return file;
		}
	}

	return undefined;
}

function looksLikeProject(dir: string): boolean {
	if (existsSync(path.join(dir, configFileName))) return true;
	return [dir, path.join(dir, 'compose')].some(candidate => candidates.regular.concat(candidates.alpine).some(name => existsSync(path.join(candidate, name))));
}

export class ProjectNotFoundError extends Error {
	override name = 'ProjectNotFoundError';
}

function sanitizeName(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[-_]+/, '') || 'project';
}

/**
 * Finds the project: --project DIR, else the current directory when it holds one, else the sample
 * stack bundled with alpinist. Compose files are looked for in the directory and in its compose/.
 */
export function discoverProject(options: {dir?: string; cwd?: string} = {}): Project {
	const cwd = options.cwd ?? process.cwd();
	let root: string;
	if (options.dir) {
		root = path.resolve(cwd, options.dir);
		if (!existsSync(root) || !statSync(root).isDirectory()) throw new ProjectNotFoundError(`--project ${options.dir}: no such directory`);
		if (!looksLikeProject(root)) {
			throw new ProjectNotFoundError(`${root} holds no ${configFileName} and no compose file (looked for ${candidates.regular[0]} and ${candidates.alpine[0]} there and in compose/)`);
		}
	} else {
		root = looksLikeProject(cwd) ? cwd : packageRoot();
	}

	const configFile = existsSync(path.join(root, configFileName)) ? path.join(root, configFileName) : undefined;
	const config = loadConfig(configFile);
	const dirs = [root, path.join(root, 'compose')];
	const compose: Partial<Record<Variant, string>> = {};
	for (const variant of variants) {
		const configured = config.compose[variant];
		const file = configured ? path.resolve(root, configured) : findFile(dirs, candidates[variant]);
		if (file) compose[variant] = file;
	}

	const name = config.name ?? sanitizeName(path.basename(root));
	return {
		root,
		configFile,
		config,
		name,
		compose,
		projectNames: {regular: name, alpine: `${name}-alpine`, alpineTest: `${name}-alpine-test`},
		bundled: path.resolve(root) === path.resolve(packageRoot()),
	};
}

/** The variant whose compose project name this is, if it is one of ours. */
export function variantOfProjectName(project: Project, composeProject: string | undefined): Variant | undefined {
	if (!composeProject) return undefined;
	return variants.find(variant => project.projectNames[variant] === composeProject);
}

/** A compose driver for one variant of the project. */
export function composeFor(project: Project, variant: Variant, cli: ComposeCli, options: {projectName?: string} = {}): ComposeProject {
	const file = project.compose[variant];
	if (!file) throw new ProjectNotFoundError(`The project has no ${variant} compose file (${candidates[variant].join(', ')})`);
	return new ComposeProject({
		cli,
		projectName: options.projectName ?? project.projectNames[variant],
		files: [file],
		cwd: path.dirname(file),
		// The config's env is a default: a variable set in the environment wins.
		env: {...project.config.env, ...(process.env as Record<string, string>)},
	});
}
