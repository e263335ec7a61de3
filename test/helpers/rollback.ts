import type Dockerode from 'dockerode';
import {composeNames} from '../../source/docker/compose.js';
import {composeForVariant, composeServices, projectContainers, waitHealthy} from '../../source/flows/stack.js';
import {collect} from '../../source/flows/drain.js';
import type {Confirmation, DataMap, Flow, FlowContext, FlowEvent, FlowOutcome} from '../../source/flows/types.js';
import type {Variant} from '../../source/project/discover.js';

/** A confirm that records every question and answers `answer` (yes until a test says otherwise). */
export function recordingConfirm(): {questions: Confirmation[]; answer: boolean; confirm: NonNullable<FlowContext['confirm']>} {
	const recorder = {
		questions: [] as Confirmation[],
		answer: true,
		confirm: async (question: Confirmation) => {
			recorder.questions.push(question);
			return recorder.answer;
		},
	};
	return recorder;
}

/** Every published port of the sample stack: 0, so the engine picks free ones (tests share the engine). */
export function useFreePorts(): void {
	for (const variant of ['REGULAR', 'ALPINE']) for (const service of ['BACKEND', 'AUTH', 'FRONTEND']) process.env[`ALPINIST_${variant}_${service}_PORT`] = '0';
}

export async function upHealthy(context: FlowContext, variant: Variant, options: {build?: boolean} = {}): Promise<void> {
	const compose = await composeForVariant(context, variant);
	const up = await compose.run(['up', '-d', ...(options.build === false ? [] : ['--build'])]);
	if (up.exitCode !== 0) throw new Error(`${up.command}: ${up.stderr}`);
	const wait = await waitHealthy(context, {projectName: compose.projectName, services: await composeServices(compose)});
	if (!wait.ok) throw new Error(`${variant} did not turn healthy: ${JSON.stringify(wait.failure)}`);
}

/**
 * The stack as it stands when a rollback is needed: the store started, the regular images built
 * (what the team ran before migrating), the Alpine stack up and healthy. Returns how the Compose
 * in use names containers and images (v1 `proj_svc_1`, v2 `proj-svc-1`).
 */
export async function regularBuiltAlpineUp(context: FlowContext): Promise<ReturnType<typeof composeNames>> {
	const names = composeNames((await context.compose()).version);
	await context.store.start();
	const build = await (await composeForVariant(context, 'regular')).build();
	if (build.exitCode !== 0) throw new Error(`${build.command}: ${build.stderr}`);
	await upHealthy(context, 'alpine');
	return names;
}

/** Runs a flow to its end, collecting its events. */
export async function drain<I, T, M extends DataMap>(flow: Flow<I, T, M>, context: FlowContext, input: I, onEvent?: (event: FlowEvent<M>) => void): Promise<{outcome: FlowOutcome<T>; events: Array<FlowEvent<M>>}> {
	const {events, value} = await collect(flow(context, input), onEvent);
	return {outcome: value, events};
}

export function finalSteps(events: FlowEvent[]): Record<string, string> {
	const steps: Record<string, string> = {};
	for (const event of events) if (event.type === 'step') steps[event.id] = event.status;
	return steps;
}

/** The published base URL of a service of a compose project, as the store sees it. */
export function serviceUrl(context: FlowContext, projectName: string, service: string): string {
	const container = projectContainers(context.store.getSnapshot(), projectName).find(candidate => candidate.service === service);
	const port = container?.ports.find(binding => binding.publicPort)?.publicPort;
	if (!port) throw new Error(`${projectName}/${service} publishes no port`);
	return `http://127.0.0.1:${port}`;
}

/** Removes what a test created under its unique name: its compose projects (with volumes) and the images compose built for them. */
export async function removeProjects(context: FlowContext, docker: Dockerode, unique: string): Promise<void> {
	for (const variant of ['alpine', 'alpineTest', 'regular'] as const) {
		const compose = await composeForVariant(context, variant).catch(() => undefined);
		await compose?.down({volumes: true});
	}

	const images = await docker.listImages();
	for (const image of images) {
		for (const tag of image.RepoTags ?? []) {
			if (tag.startsWith(`${unique}_`) || tag.startsWith(`${unique}-alpine_`) || tag.startsWith(`${unique}-alpine-test_`) || tag.startsWith(`${unique}-`)) {
				await docker.getImage(tag).remove().catch(() => {});
			}
		}
	}
}

/** Files of a volume as path → content, read through a helper container and the archive API (a tiny ustar reader). */
export async function volumeFiles(docker: Dockerode, volume: string, image: string): Promise<Record<string, string>> {
	const container = await docker.createContainer({Image: image, Entrypoint: ['/never-runs'], Cmd: [], HostConfig: {Mounts: [{Type: 'volume', Source: volume, Target: '/v', ReadOnly: true}]}});
	try {
		const stream = (await container.getArchive({path: '/v'})) as unknown as NodeJS.ReadableStream;
		const chunks: Buffer[] = [];
		for await (const chunk of stream) chunks.push(chunk as Buffer);
		return readTar(Buffer.concat(chunks));
	} finally {
		await container.remove({force: true});
	}
}

export function readTar(tar: Buffer): Record<string, string> {
	const files: Record<string, string> = {};
	let offset = 0;
	while (offset + 512 <= tar.length) {
		const header = tar.subarray(offset, offset + 512);
		if (header.every(byte => byte === 0)) break;
		const text = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
		const name = text(345, 155) ? `${text(345, 155)}/${text(0, 100)}` : text(0, 100);
		const size = Number.parseInt(text(124, 12).trim() || '0', 8);
		const type = text(156, 1);
		const mode = text(100, 8).trim();
		const body = tar.subarray(offset + 512, offset + 512 + size);
		const key = name.replace(/^[^/]+\/?/, '/');
		files[key] = type === '5' ? `dir ${mode}` : `file ${mode} ${body.toString('utf8')}`;
		offset += 512 + Math.ceil(size / 512) * 512;
	}

	return files;
}
