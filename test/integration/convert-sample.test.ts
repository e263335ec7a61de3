/**
 * The converter against the real engine: each regular sample Dockerfile is converted, the result is
 * built on the musl stand-in base (the build arg overrides the converted ARG default), run, and must
 * turn healthy, as the engine's events report it.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Docker from 'dockerode';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {resolveEndpoint, toDockerodeOptions} from '../../source/docker/connection.js';
import {convertFile} from '../../source/dockerfile/file.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MUSL_BASE = 'alpinist-base/musl:busybox';
const unique = `alpinist-convert-it-${process.pid}`;
const label = 'io.alpinist.test';
const docker = new Docker(toDockerodeOptions(resolveEndpoint()));
let work: string;
const images: string[] = [];

beforeAll(async () => {
	work = mkdtempSync(path.join(tmpdir(), 'alpinist-convert-it-'));
	await docker.ping();
	await docker.getImage(MUSL_BASE).inspect();
});

afterAll(async () => {
	const containers = await docker.listContainers({all: true, filters: {label: [`${label}=${unique}`]}});
	await Promise.all(containers.map(async c => docker.getContainer(c.Id).remove({force: true})));
	for (const image of images) await docker.getImage(image).remove({force: true}).catch(() => undefined);
	rmSync(work, {recursive: true, force: true});
});

type HealthOutcome = 'healthy' | 'unhealthy' | 'die';

/** Subscribe to the container's events before it starts; resolve on its first health verdict. */
async function healthVerdict(name: string, timeoutMs: number): Promise<{wait: Promise<HealthOutcome>; stop: () => void}> {
	const stream = (await docker.getEvents({filters: {type: ['container'], container: [name]}})) as NodeJS.ReadableStream & {destroy(): void};
	let buffer = '';
	const wait = new Promise<HealthOutcome>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${name}: no health verdict within ${timeoutMs} ms`)), timeoutMs);
		stream.on('data', chunk => {
			buffer += String(chunk);
			let newline: number;
			while ((newline = buffer.indexOf('\n')) >= 0) {
				const line = buffer.slice(0, newline).trim();
				buffer = buffer.slice(newline + 1);
				if (!line) continue;
				const event = JSON.parse(line) as {Action?: string; status?: string};
				const action = event.Action ?? event.status ?? '';
				const outcome: HealthOutcome | undefined = action === 'health_status: healthy' ? 'healthy' : action === 'health_status: unhealthy' ? 'unhealthy' : action === 'die' ? 'die' : undefined;
				if (outcome) {
					clearTimeout(timer);
					resolve(outcome);
				}
			}
		});
		stream.on('error', reject);
	});
	return {wait, stop: () => stream.destroy()};
}

describe('convert the sample stack and run it on musl', () => {
	for (const service of ['backend', 'auth', 'frontend']) {
		it(`${service}.Dockerfile: converted, built on ${MUSL_BASE}, healthy`, async () => {
			const conversion = convertFile(path.join(repoRoot, 'docker', `${service}.Dockerfile`));
			expect(conversion.kind).toBe('converted');
			if (conversion.kind !== 'converted') return;
			expect(conversion.failed).toBe(false);
			const text = conversion.result.converted;
			expect(text).toContain('ARG BASE_IMAGE=alpine:3.20\n');
			expect(text).toContain('(apk add --no-cache busybox)');
			expect(text).not.toMatch(/apt-get|\/var\/lib\/apt/);

			const dockerfile = path.join(work, `${service}.alpine.Dockerfile`);
			writeFileSync(dockerfile, text);
			const image = `${unique}-${service}:converted`;
			images.push(image);
			await execa('docker', ['build', '--quiet', '--file', dockerfile, '--build-arg', `BASE_IMAGE=${MUSL_BASE}`, '--label', `${label}=${unique}`, '--tag', image, path.join(repoRoot, 'docker')]);
			const built = await docker.getImage(image).inspect();
			expect(built.Config.Labels?.['io.alpinist.base-image']).toBe(MUSL_BASE);

			const name = `${unique}-${service}`;
			const container = await docker.createContainer({name, Image: image, Labels: {[label]: unique}});
			const verdict = await healthVerdict(name, 60_000);
			try {
				await container.start();
				expect(await verdict.wait).toBe('healthy');
			} finally {
				verdict.stop();
			}
			const state = await container.inspect();
			expect(state.State.Health?.Status).toBe('healthy');
		});
	}
});
