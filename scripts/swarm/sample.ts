/**
 * The sample stack on a Swarm, for the demo, the multi-node tests and the benchmark: its regular
 * and Alpine images built on the local engine, pushed to the swarm's registry, the regular compose
 * file deployed as a stack (replicas spread over the nodes), and a wait until it has converged.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {SwarmClient, engineAt} from '../../source/docker/swarm-client.js';
import {currentTasks} from '../../source/docker/swarm.js';
import {stackFileFrom} from '../../source/flows/rollout/stack-file.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sampleServices = ['backend', 'auth', 'frontend'] as const;
const regularBase = 'alpinist-base/debian:bookworm';
const alpineBase = 'alpinist-base/musl:busybox';

export type SampleImages = {
	/** Local tags made here (removed by `remove`). */
	local: string[];
	/** service → {regular, alpine} local tags. */
	byService: Record<string, {regular: string; alpine: string}>;
	/** The backend's Alpine image with a failing health check, when asked for. */
	broken?: string;
	remove: () => Promise<void>;
};

const localEnv = (): NodeJS.ProcessEnv => {
	const env = {...process.env};
	delete env.DOCKER_HOST;
	delete env.DOCKER_CONTEXT;
	return env;
};

/**
 * Builds the sample's images on the local engine under `prefix` (e.g. alpinist-rollout-1234);
 * with `broken`, the backend's Alpine image fails its health check (a probe that answers 503).
 */
export async function buildSampleImages(prefix: string, options: {broken?: boolean; log?: (line: string) => void} = {}): Promise<SampleImages> {
	const local: string[] = [];
	const byService: SampleImages['byService'] = {};
	const env = localEnv();
	const build = async (dockerfile: string, base: string, tag: string) => {
		options.log?.(`building ${tag} (${dockerfile})`);
		await execa('docker', ['build', '-q', '-f', path.join(root, 'docker', dockerfile), '--build-arg', `BASE_IMAGE=${base}`, '-t', tag, path.join(root, 'docker')], {env});
		local.push(tag);
	};

	for (const service of sampleServices) {
		const regular = `${prefix}/${service}:regular`;
		const alpine = `${prefix}/${service}:alpine`;
		await build(`${service}.Dockerfile`, regularBase, regular);
		await build(`${service}.alpine.Dockerfile`, alpineBase, alpine);
		byService[service] = {regular, alpine};
	}

	if (options.broken) {
		const broken = `${prefix}/backend:broken`;
		options.log?.(`building ${broken}: the Alpine backend with a health check that fails`);
		const dockerfile = [
			`FROM ${byService.backend!.alpine}`,
			'LABEL io.alpinist.variant="alpine" io.alpinist.broken="health check answers 503"',
			`HEALTHCHECK --interval=1s --timeout=2s --retries=2 --start-period=2s CMD sh -c 'echo "GET /health: 503 Service Unavailable (broken on purpose)"; exit 1'`,
		].join('\n');
		await execa('docker', ['build', '-q', '-t', broken, '-'], {input: dockerfile, env});
		local.push(broken);
		return {local, byService, broken, remove: async () => removeTags(local, env)};
	}

	return {local, byService, remove: async () => removeTags(local, env)};
}

async function removeTags(local: string[], env: NodeJS.ProcessEnv): Promise<void> {
	for (const tag of [...local].reverse()) await execa('docker', ['rmi', tag], {env, reject: false});
}

/**
 * Pushes every image into the swarm's registry as `${repo}/${service}:regular|alpine`, and the
 * broken backend as `${repo}/backend:broken`, or as its `:alpine` when `brokenAsAlpine`.
 */
export async function publishSample(images: SampleImages, publish: (image: string, reference: string) => Promise<string>, repo: string, options: {brokenAsAlpine?: boolean} = {}): Promise<void> {
	for (const [service, tags] of Object.entries(images.byService)) {
		await publish(tags.regular, `${repo}/${service}:regular`);
		const alpine = service === 'backend' && images.broken && options.brokenAsAlpine ? images.broken : tags.alpine;
		await publish(alpine, `${repo}/${service}:alpine`);
	}

	if (images.broken && !options.brokenAsAlpine) await publish(images.broken, `${repo}/backend:broken`);
}
/** The regular compose file as a stack, `docker stack deploy`ed on the manager; waits until every task runs. */
export async function deploySample(options: {manager: string; registry: string; repo: string; stack: string; replicas?: number; timeoutMs?: number}): Promise<void> {
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-stack-'));
	try {
		const {text} = stackFileFrom(path.join(root, 'compose/docker-compose.yml'), {
			prefix: `${options.registry}/${options.repo}`,
			tag: 'regular',
			replicas: options.replicas ?? 3,
			// The images probe every second with a 2 s timeout; three dockerds on a shared 2-core
			// machine need more slack, or a loaded probe times out (exit 137) and Swarm rolls back.
			healthTimings: {interval: '2s', timeout: '10s', retries: 5, start_period: '10s'},
		});
		const file = path.join(dir, 'stack.yml');
		writeFileSync(file, text);
		await execa('docker', ['stack', 'deploy', '--resolve-image', 'never', '-c', file, options.stack], {env: {...localEnv(), DOCKER_HOST: options.manager}});
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}

	await waitConverged(options.manager, options.stack, options.replicas ?? 3, options.timeoutMs ?? 180_000);
}

/** Resolves once every service of the stack has `replicas` tasks running (Swarm reports running once healthy). */
export async function waitConverged(manager: string, stack: string, replicas: number, timeoutMs: number): Promise<void> {
	const client = new SwarmClient(engineAt(manager));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const services = await client.stackServices(stack);
		const tasks = await client.tasks(services.map(service => service.id));
		const ready = services.length > 0 && services.every(service => currentTasks(tasks.filter(task => task.serviceId === service.id)).filter(task => task.state === 'running').length >= replicas);
		if (ready) return;
		if (Date.now() > deadline) throw new Error(`stack ${stack} did not converge in ${timeoutMs / 1000} s`);
		// A set-up helper (not alpinist itself): it waits for the first deploy, once.
		await new Promise(resolve => setTimeout(resolve, 500));
	}
}

export async function removeStack(manager: string, stack: string): Promise<void> {
	await execa('docker', ['stack', 'rm', stack], {env: {...localEnv(), DOCKER_HOST: manager}, reject: false});
}
