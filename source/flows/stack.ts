import type {ComposeProject} from '../docker/compose.js';
import * as formatModule from '../format.js';
import {computeStats, type RawStats} from '../docker/stats.js';
import type {ContainerInfo} from '../docker/types.js';
import {composeFor, type Variant} from '../project/discover.js';
import type {FlowContext} from './types.js';

export {type ServiceHealth, type WaitFailure, type WaitResult, waitHealthy} from './wait-healthy.js';
// Engine helpers live in docker/; re-exported for the flows that import them from here.
export {containerLogs, demuxLogs} from '../docker/logs.js';
export {projectContainers} from '../docker/project-containers.js';
import {projectContainers} from '../docker/project-containers.js';

/**
 * What every flow that starts, waits on and measures a stack shares: migrate, verify, bench,
 * rollback and doctor call these instead of talking to the engine themselves.
 */

export async function composeForVariant(context: FlowContext, variant: Variant, projectName?: string): Promise<ComposeProject> {
	return composeFor(context.project, variant, await context.compose(), {projectName});
}

/** Service names as compose resolves the file (interpolated), in file order. */
export async function composeServices(compose: ComposeProject): Promise<string[]> {
	const config = await compose.config();
	return Object.keys(config?.services ?? {});
}

export type Endpoint = {service: string; url: string};

/**
 * Each service's health endpoint on this machine: the path from the project config (or the
 * image's HEALTHCHECK URL), on the host port the engine published for that container port.
 */
export async function healthEndpoints(context: FlowContext, containers: ContainerInfo[]): Promise<Endpoint[]> {
	const endpoints: Endpoint[] = [];
	for (const container of containers) {
		if (!container.service) continue;
		const configured = context.project.config.services[container.service]?.health;
		let path = configured?.path;
		let port = configured?.port;
		if (!path || !port) {
			const fromCheck = await healthcheckUrl(context, container.imageId);
			path ??= fromCheck?.path;
			port ??= fromCheck?.port;
		}

		const published = container.ports.filter(p => p.publicPort && p.type === 'tcp');
		const binding = (port ? published.find(p => p.privatePort === port) : undefined) ?? published[0];
		if (!path || !binding?.publicPort) continue;
		endpoints.push({service: container.service, url: `http://127.0.0.1:${binding.publicPort}${path}`});
	}

	return endpoints.sort((a, b) => a.service.localeCompare(b.service));
}

/** Reads an http://localhost:PORT/path URL out of the image's HEALTHCHECK command. */
export async function healthcheckUrl(context: FlowContext, imageId: string): Promise<{port: number; path: string} | undefined> {
	try {
		const image = await context.docker.getImage(imageId).inspect();
		const test: string[] = image.Config?.Healthcheck?.Test ?? [];
		const match = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::(\d+))?(\/[^\s'"|;&]*)?/.exec(test.join(' '));
		if (!match) return undefined;
		return {port: Number(match[1] ?? 80), path: match[2] ?? '/'};
	} catch {
		return undefined;
	}
}

export type EndpointCheck = Endpoint & {status?: number; ok: boolean; ms: number; error?: string};

export async function checkEndpoints(endpoints: Endpoint[], signal?: AbortSignal, timeoutMs = 5000): Promise<EndpointCheck[]> {
	return Promise.all(
		endpoints.map(async endpoint => {
			const started = performance.now();
			try {
				const response = await fetch(endpoint.url, {signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs)});
				await response.arrayBuffer();
				return {...endpoint, status: response.status, ok: response.status === 200, ms: performance.now() - started};
			} catch (error) {
				return {...endpoint, ok: false, ms: performance.now() - started, error: (error as Error).message};
			}
		}),
	);
}

export type MemoryReading = {total: number; containers: Array<{name: string; service?: string; bytes: number}>};

/** Memory of each container as docker stats computes it (page cache excluded), summed. One sample each. */
export async function measureMemory(context: FlowContext, containers: ContainerInfo[]): Promise<MemoryReading> {
	const readings = await Promise.all(
		containers.map(async container => {
			const raw = (await context.docker.getContainer(container.id).stats({stream: false, 'one-shot': true} as any)) as unknown as RawStats;
			return {name: container.name, service: container.service, bytes: computeStats(raw).memUsage};
		}),
	);
	return {total: readings.reduce((sum, reading) => sum + reading.bytes, 0), containers: readings};
}

export type ImageSize = {service: string; image: string; id: string; bytes: number};

/** Size of each service's image as the engine reports it (bytes, as `docker images` shows them). */
export async function imageSizes(context: FlowContext, containers: ContainerInfo[]): Promise<ImageSize[]> {
	const sizes = await Promise.all(
		containers
			.filter(container => container.service)
			.map(async container => {
				const image = await context.docker.getImage(container.imageId).inspect();
				return {service: container.service!, image: container.image, id: container.imageId, bytes: image.Size};
			}),
	);
	return sizes.sort((a, b) => a.service.localeCompare(b.service));
}

export type SmokeResult = {exitCode: number; durationMs: number; passed: number; failed: number; output: string[]; command: string[]};

/**
 * Runs the project's smoke-test command (an argument array, never a shell string) from the
 * project root, with ALPINIST_URL_<SERVICE> pointing at each service's published base URL.
 */
export async function runSmoke(
	context: FlowContext,
	endpoints: Endpoint[],
	options: {onLine?: (line: string) => void; command?: string[]} = {},
): Promise<SmokeResult | undefined> {
	const command = options.command ?? context.project.config.smoke?.command;
	if (!command) return undefined;
	const {execa} = await import('execa');
	const env: Record<string, string> = {...context.project.config.env};
	for (const endpoint of endpoints) env[`ALPINIST_URL_${endpoint.service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] = new URL(endpoint.url).origin;
	const started = performance.now();
	const output: string[] = [];
	const subprocess = execa(command[0], command.slice(1), {
		cwd: context.project.root,
		env,
		reject: false,
		stdin: 'ignore',
		all: true,
		cancelSignal: context.signal,
		timeout: context.project.config.smoke?.timeout,
	});
	for await (const line of subprocess.iterable({from: 'all'})) {
		const clean = formatModule.stripControl(String(line));
		output.push(clean);
		options.onLine?.(clean);
	}

	const result = await subprocess;
	const durationMs = performance.now() - started;
	const summary = output.map(line => /^(?:\w+:\s*)?(\d+) passed, (\d+) failed/.exec(line.trim())).find(Boolean);
	return {
		exitCode: result.exitCode ?? 1,
		durationMs,
		passed: summary ? Number(summary[1]) : output.filter(line => /^ok\b/.test(line)).length,
		failed: summary ? Number(summary[2]) : output.filter(line => /^not ok\b/.test(line)).length,
		output,
		command,
	};
}

/** Which variant of the project is up right now (its containers running), if any. */
export function runningVariants(context: FlowContext): Variant[] {
	const snapshot = context.store.getSnapshot();
	return (Object.keys(context.project.projectNames) as Variant[]).filter(variant =>
		projectContainers(snapshot, context.project.projectNames[variant]).some(container => container.state === 'running'),
	);
}
