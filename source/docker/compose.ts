import path from 'node:path';
import type Dockerode from 'dockerode';
import {stripControl} from '../format.js';
import {composeFingerprint, readCachedCompose, writeCachedCompose} from './compose-cache.js';
import {composeLabels} from './parse.js';

/** Which Compose this machine has: v2 (`docker compose`) is preferred, v1 (`docker-compose`) works too. */
export type ComposeCli = {
	version: 'v1' | 'v2';
	/** The full version string, e.g. 2.29.1 or 1.29.2. */
	versionString: string;
	command: string;
	/** Arguments that come before compose's own (`compose` for v2). */
	prefix: string[];
};

export type ComposeRun = {
	exitCode: number;
	stdout: string;
	stderr: string;
	durationMs: number;
	command: string;
};

export type ServiceState = {
	service: string;
	name: string;
	id: string;
	state: string;
	health: string;
	exitCode?: number;
};

let detected: Promise<ComposeCli | undefined> | undefined;

/** execa and yaml load on first use: the TUI's first frame needs neither. */
const loadExeca = async () => (await import('execa')).execa;

async function tryVersion(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
	try {
		const execa = await loadExeca();
		const result = await execa(command, args, {reject: false, timeout: 10_000, stdin: 'ignore', env});
		if (result.exitCode !== 0) return undefined;
		return String(result.stdout).trim().replace(/^v/, '') || undefined;
	} catch {
		return undefined;
	}
}

export type DetectOptions = {
	env?: NodeJS.ProcessEnv;
	/** A directory (the state dir) where the answer is kept with its fingerprint (compose-cache.ts). */
	cacheDir?: string;
};

async function askCompose(env: NodeJS.ProcessEnv): Promise<ComposeCli | undefined> {
	const forced = env.ALPINIST_COMPOSE;
	if (forced !== 'v1') {
		const v2 = await tryVersion('docker', ['compose', 'version', '--short'], env);
		if (v2) return {version: 'v2', versionString: v2, command: 'docker', prefix: ['compose']};
	}

	if (forced !== 'v2') {
		const v1 = await tryVersion('docker-compose', ['version', '--short'], env);
		if (v1) return {version: v1.startsWith('1.') ? 'v1' : 'v2', versionString: v1, command: 'docker-compose', prefix: []};
	}

	return undefined;
}

/** A kept answer is used only in one of the two shapes askCompose gives. */
function isComposeCli(value: ComposeCli | undefined): value is ComposeCli {
	if (!value || typeof value.versionString !== 'string' || (value.version !== 'v1' && value.version !== 'v2')) return false;
	if (value.command === 'docker') return value.version === 'v2' && value.prefix?.length === 1 && value.prefix[0] === 'compose';
	return value.command === 'docker-compose' && Array.isArray(value.prefix) && value.prefix.length === 0;
}

/**
 * Finds Compose once per process. ALPINIST_COMPOSE=v1|v2 forces one (for testing both). With a
 * cacheDir, a found Compose is kept there and reused while none of its files changed; "none
 * found" is never kept, so installing one is seen at once.
 */
export function detectCompose(options: DetectOptions = {}): Promise<ComposeCli | undefined> {
	const env = options.env ?? process.env;
	detected ??= (async () => {
		const cacheFile = options.cacheDir === undefined ? undefined : path.join(options.cacheDir, 'compose.json');
		const fingerprint = cacheFile === undefined ? undefined : composeFingerprint(env);
		if (cacheFile !== undefined && fingerprint !== undefined) {
			const cached = readCachedCompose<ComposeCli>(cacheFile, fingerprint);
			if (isComposeCli(cached)) return cached;
		}

		const found = await askCompose(env);
		if (found && cacheFile !== undefined && fingerprint !== undefined) writeCachedCompose(cacheFile, fingerprint, found);
		return found;
	})();
	return detected;
}

/** Forgets this process's answer (tests that detect under several settings). */
export function forgetDetectedCompose(): void {
	detected = undefined;
}

/**
 * How each Compose version names what it creates for a project: containers `proj_svc_1` (v1) or
 * `proj-svc-1` (v2), built images `proj_svc` or `proj-svc` (when the service has no `image:`).
 * Networks and volumes are `proj_name` in both.
 */
export function composeNames(version: ComposeCli['version']) {
	const separator = version === 'v1' ? '_' : '-';
	return {
		container: (project: string, service: string, index = 1) => `${project}${separator}${service}${separator}${index}`,
		image: (project: string, service: string) => `${project}${separator}${service}`,
		volume: (project: string, name: string) => `${project}_${name}`,
		network: (project: string, name = 'default') => `${project}_${name}`,
	};
}

export class ComposeMissingError extends Error {
	constructor() {
		super('Docker Compose was not found: install the compose plugin (`docker compose`) or `docker-compose` (Debian: apt-get install docker-compose).');
	}
}

/** Parses `docker compose ps --format json`: JSON Lines since 2.21, one JSON array before. */
export function parsePsJson(text: string): ServiceState[] {
	const trimmed = text.trim();
	if (!trimmed) return [];
	const rows: any[] = trimmed.startsWith('[')
		? JSON.parse(trimmed)
		: trimmed
				.split('\n')
				.map(line => line.trim())
				.filter(Boolean)
				.map(line => JSON.parse(line));
	return rows.map(row => ({
		service: row.Service,
		name: row.Name,
		id: row.ID,
		state: String(row.State ?? '').toLowerCase(),
		health: String(row.Health ?? '').toLowerCase() || 'none',
		exitCode: row.ExitCode,
	}));
}

export type ComposeOptions = {
	cli: ComposeCli;
	projectName: string;
	files: string[];
	/** The project directory: where relative paths in compose files are resolved from. */
	cwd: string;
	env?: Record<string, string>;
};

export type RunOptions = {
	onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
	signal?: AbortSignal;
	env?: Record<string, string>;
};

/**
 * One Compose project (name + files), driven through execa with argument arrays. Every command
 * carries `-p <project>`, so everything it touches is scoped by the project's labels.
 */
export class ComposeProject {
	constructor(readonly options: ComposeOptions) {}

	get projectName(): string {
		return this.options.projectName;
	}

	args(rest: string[]): string[] {
		const files = this.options.files.flatMap(file => ['-f', file]);
		return [...this.options.cli.prefix, '--ansi', 'never', '-p', this.options.projectName, ...files, ...rest];
	}

	/** The command line, for showing to people before it runs. */
	describe(rest: string[]): string {
		return [this.options.cli.command, ...this.args(rest)].map(arg => (/[\s"'$]/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
	}

	async run(rest: string[], options: RunOptions = {}): Promise<ComposeRun> {
		const execa = await loadExeca();
		const started = performance.now();
		const subprocess = execa(this.options.cli.command, this.args(rest), {
			cwd: this.options.cwd,
			env: {...this.options.env, ...options.env},
			reject: false,
			stdin: 'ignore',
			cancelSignal: options.signal,
			lines: false,
		});
		const stdoutLines: string[] = [];
		const stderrLines: string[] = [];
		const pump = async (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr', into: string[]) => {
			if (!stream) return;
			let buffer = '';
			for await (const chunk of stream) {
				buffer += chunk.toString();
				const parts = buffer.split(/\r?\n|\r/);
				buffer = parts.pop() ?? '';
				for (const line of parts) {
					const clean = stripControl(line);
					into.push(clean);
					options.onLine?.(clean, name);
				}
			}

			if (buffer) {
				const clean = stripControl(buffer);
				into.push(clean);
				options.onLine?.(clean, name);
			}
		};

		await Promise.all([
			pump(subprocess.stdout, 'stdout', stdoutLines),
			pump(subprocess.stderr, 'stderr', stderrLines),
		]);
		const result = await subprocess;
		return {
			exitCode: result.exitCode ?? (result.isCanceled ? 130 : 1),
			stdout: stdoutLines.join('\n'),
			stderr: stderrLines.join('\n'),
			durationMs: performance.now() - started,
			command: this.describe(rest),
		};
	}

	build(options: RunOptions & {noCache?: boolean; services?: string[]} = {}): Promise<ComposeRun> {
		return this.run(['build', ...(options.noCache ? ['--no-cache'] : []), ...(options.services ?? [])], options);
	}

	/** Starts detached. Waiting for health is the caller's job (from the engine's events). */
	up(options: RunOptions & {build?: boolean; forceRecreate?: boolean; services?: string[]} = {}): Promise<ComposeRun> {
		const flags = ['-d', options.build ? '--build' : '--no-build'];
		if (options.forceRecreate) flags.push('--force-recreate');
		return this.run(['up', ...flags, ...(options.services ?? [])], options);
	}

	stop(options: RunOptions = {}): Promise<ComposeRun> {
		return this.run(['stop'], options);
	}

	down(options: RunOptions & {volumes?: boolean; removeImages?: 'local' | 'all'} = {}): Promise<ComposeRun> {
		const flags = ['--remove-orphans'];
		if (options.volumes) flags.push('-v');
		if (options.removeImages) flags.push('--rmi', options.removeImages);
		return this.run(['down', ...flags], options);
	}

	logs(options: RunOptions & {tail?: number; services?: string[]} = {}): Promise<ComposeRun> {
		return this.run(['logs', '--no-color', '--tail', String(options.tail ?? 50), ...(options.services ?? [])], options);
	}

	/** The resolved configuration (interpolated, merged), as compose itself reads the files. */
	async config(options: RunOptions = {}): Promise<any> {
		const result = await this.run(['config'], options);
		if (result.exitCode !== 0) throw new Error(result.stderr.trim() || `compose config exited ${result.exitCode}`);
		// yaml is CommonJS: bundled, its dynamic import may carry the API under `default` only.
		const yaml: any = await import('yaml');
		return (yaml.parse ?? yaml.default.parse)(result.stdout);
	}

	/** Service containers of this project: v2 reads `ps --format json`, v1 reads the engine's labels. */
	async ps(docker: Dockerode): Promise<ServiceState[]> {
		if (this.options.cli.version === 'v2') {
			const result = await this.run(['ps', '-a', '--format', 'json']);
			if (result.exitCode === 0) return parsePsJson(result.stdout);
		}

		const containers = await docker.listContainers({
			all: true,
			filters: {label: [`${composeLabels.project}=${this.options.projectName}`]},
		});
		return containers
			.filter(container => container.Labels[composeLabels.oneoff] !== 'True')
			.map(container => {
				const health = /\((healthy|unhealthy|health: starting)\)/.exec(container.Status)?.[1]?.replace('health: ', '') ?? 'none';
				return {
					service: container.Labels[composeLabels.service] ?? '',
					name: (container.Names[0] ?? container.Id).replace(/^\//, ''),
					id: container.Id,
					state: container.State,
					health,
				};
			});
	}
}
