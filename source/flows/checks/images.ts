import {readFile} from 'node:fs/promises';
import type Dockerode from 'dockerode';
import {formatMB} from '../../format.js';
import {readDockerfile, type DockerfileInfo} from './dockerfile-info.js';
import {worst} from './judge.js';
import {relative} from './files.js';
import type {ServiceModel} from './compose-model.js';
import type {CheckDefinition, CheckEnv, CheckStatus} from './types.js';

export type ServiceDockerfile = {service: ServiceModel; file: string; info?: DockerfileInfo; error?: string};

/** The Dockerfiles the Alpine compose file builds from, read (once per check run). */
export function alpineDockerfiles(env: CheckEnv): Promise<ServiceDockerfile[] | undefined> {
	return env.shared('alpine-dockerfiles', () => readAlpineDockerfiles(env));
}

async function readAlpineDockerfiles(env: CheckEnv): Promise<ServiceDockerfile[] | undefined> {
	const read = await env.composeFile('alpine');
	if (!read?.exists || read.services.length === 0) return undefined;
	return Promise.all(
		read.services
			.filter(service => service.build && !service.build.remote)
			.map(async service => {
				const file = service.build!.dockerfile;
				try {
					return {service, file, info: readDockerfile(await readFile(file, 'utf8'), service.build!.args)};
				} catch (error) {
					return {service, file, error: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (error as Error).message};
				}
			}),
	);
}

export type ImageAvailability = {image: string; status: CheckStatus; text: string; bytes?: number};

/** Present locally, or (cheaply, without pulling) known to the registry; `/distribution` answers from the registry's manifest. */
export async function imageAvailability(docker: Dockerode, image: string, timeoutMs: number): Promise<ImageAvailability> {
	try {
		const inspect = await docker.getImage(image).inspect();
		return {image, status: 'pass', text: `local (${formatMB(inspect.Size)})`, bytes: inspect.Size};
	} catch {
		// Not here: can the engine fetch it?
	}

	try {
		await new Promise((resolve, reject) => {
			docker.modem.dial(
				{
					path: `/distribution/${image}/json`,
					method: 'GET',
					statusCodes: {200: true, 401: 'no such image or no access', 403: 'access denied', 404: 'no such image', 500: 'server error'},
					abortSignal: AbortSignal.timeout(timeoutMs),
				} as any,
				(error: unknown, data: unknown) => (error ? reject(error) : resolve(data)),
			);
		});
		return {image, status: 'pass', text: 'not local, the registry has it (will be pulled)'};
	} catch (error) {
		const message = (error as any)?.name === 'AbortError' || (error as any)?.name === 'TimeoutError'
			? `the registry did not answer within ${timeoutMs} ms`
			: String((error as any)?.json?.message ?? (error as Error).message).replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
		return {image, status: 'fail', text: `not local and cannot be pulled: ${message}`};
	}
}

/** The base images of the Alpine Dockerfiles (ARGs and build args resolved) are local or can be pulled. */
export const baseImagesCheck: CheckDefinition = {
	id: 'base-images',
	title: 'Base images',
	needsEngine: true,
	async run(env) {
		const dockerfiles = await alpineDockerfiles(env);
		const compose = await env.composeFile('alpine');
		if (!dockerfiles || !compose?.exists) return {status: 'skip', value: 'skipped: the Alpine compose file is missing or does not parse (see Compose files)'};
		const wanted = new Map<string, string[]>();
		const problems: string[] = [];
		for (const entry of dockerfiles) {
			for (const base of entry.info?.bases ?? []) {
				if (base.unresolved.length > 0 || base.image === '') {
					problems.push(`${relative(env, entry.file)}:${base.line} FROM ${base.raw}: ${base.unresolved.join(', ') || 'the image'} has no value`);
					continue;
				}

				wanted.set(base.image, [...(wanted.get(base.image) ?? []), entry.service.name]);
			}
		}

		// Services that run an image as is need it just the same.
		for (const service of compose.services) if (!service.build && service.image) wanted.set(service.image, [...(wanted.get(service.image) ?? []), `${service.name} (image)`]);
		const checked = await Promise.all([...wanted.keys()].map(image => imageAvailability(env.context.docker, image, env.requirements.registryTimeoutMs)));
		const status = worst([...checked.map(row => row.status), ...(problems.length > 0 ? (['fail'] as CheckStatus[]) : [])]);
		const detail = [...checked.map(row => `${row.status.padEnd(4)} ${row.image} — ${row.text} (for ${wanted.get(row.image)!.join(', ')})`), ...problems.map(problem => `fail ${problem}`)];
		const missing = checked.filter(row => row.status === 'fail');
		const standIns = missing.some(row => row.image.startsWith('alpinist-base/'));
		const fix = status === 'pass'
			? undefined
			: [
					standIns ? 'bash scripts/base-images.sh (builds the offline stand-in base images)' : undefined,
					missing.filter(row => !row.image.startsWith('alpinist-base/')).map(row => `docker pull ${row.image}`).join(' && ') || undefined,
					problems.length > 0 ? 'give the ARG a default or pass it in build.args' : undefined,
				]
					.filter(Boolean)
					.join('; ');
		if (checked.length === 0 && problems.length === 0) return {status: 'pass', value: 'no base image to fetch', expected: 'every base image local or pullable'};
		return {
			status,
			value: status === 'pass' ? checked.map(row => `${row.image} ${row.text}`).join(', ') : [...missing.map(row => `${row.image} ${row.text}`), ...problems].join('; '),
			expected: 'every base image local or pullable',
			fix,
			detail,
			data: {images: checked.map(row => ({...row, services: wanted.get(row.image)})), problems},
		};
	},
};

/** Each Alpine service has a healthcheck (compose, Dockerfile or image): verification waits on it. */
export const healthchecksCheck: CheckDefinition = {
	id: 'healthchecks',
	title: 'Healthchecks',
	async run(env) {
		const compose = await env.composeFile('alpine');
		if (!compose?.exists || compose.services.length === 0) return {status: 'skip', value: 'skipped: the Alpine compose file is missing or does not parse (see Compose files)'};
		const dockerfiles = (await alpineDockerfiles(env)) ?? [];
		const snapshot = await env.engine();
		const imageHealthcheck = async (image: string): Promise<boolean | undefined> => {
			if (!snapshot) return undefined;
			try {
				const test: string[] | undefined = (await env.context.docker.getImage(image).inspect()).Config?.Healthcheck?.Test;
				return Boolean(test && test.length > 0 && test[0] !== 'NONE');
			} catch {
				return undefined;
			}
		};

		const rows = await Promise.all(
			compose.services.map(async service => {
				if (service.healthcheck) {
					return service.healthcheck.disabled
						? {service: service.name, status: 'warn' as CheckStatus, text: 'switched off in the compose file (healthcheck: disable / NONE)'}
						: {service: service.name, status: 'pass' as CheckStatus, text: `compose healthcheck (${relative(env, compose.file)}:${service.line ?? '?'})`};
				}

				const dockerfile = dockerfiles.find(entry => entry.service.name === service.name);
				const hc = dockerfile?.info?.healthcheck;
				if (hc?.kind === 'cmd') return {service: service.name, status: 'pass' as CheckStatus, text: `HEALTHCHECK in ${relative(env, dockerfile!.file)}:${hc.line}`};
				if (hc?.kind === 'none') return {service: service.name, status: 'warn' as CheckStatus, text: `HEALTHCHECK NONE in ${relative(env, dockerfile!.file)}:${hc.line}`};
				const image = hc?.kind === 'inherited' && !hc.fromStage ? hc.from : service.build ? undefined : service.image;
				const inherited = image ? await imageHealthcheck(image) : undefined;
				if (inherited) return {service: service.name, status: 'pass' as CheckStatus, text: `inherited from image ${image}`};
				return {service: service.name, status: 'warn' as CheckStatus, text: `none${inherited === undefined && image ? ` (image ${image} not inspected)` : ''}`};
			}),
		);
		const status = worst(rows.map(row => row.status));
		const without = rows.filter(row => row.status !== 'pass');
		return {
			status,
			value: status === 'pass' ? `${rows.length} of ${rows.length} services have one` : `no healthcheck: ${without.map(row => row.service).join(', ')}`,
			expected: 'a healthcheck on every service (verification waits for healthy)',
			fix: status === 'pass' ? undefined : `Add a HEALTHCHECK to the Alpine Dockerfile or a healthcheck: to the compose service of ${without.map(row => row.service).join(', ')} (e.g. wget -q -O- http://localhost:PORT/health).`,
			detail: rows.map(row => `${row.status.padEnd(4)} ${row.service.padEnd(12)} ${row.text}`),
			data: {services: rows},
		};
	},
};
