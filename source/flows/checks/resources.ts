import {readFile, stat, statfs} from 'node:fs/promises';
import os from 'node:os';
import {projectContainers} from '../stack.js';
import {alpineDockerfiles} from './images.js';
import {formatSize, judgeFreeDisk, judgeFreeMemory, judgeImageSpace, worst} from './judge.js';
import type {CheckDefinition, CheckEnv, CheckStatus} from './types.js';

/** MemAvailable from /proc/meminfo (what `free` shows as available), else os.freemem(). */
export function parseMemAvailable(meminfo: string): {available: number; total: number} | undefined {
	const field = (name: string) => {
		const match = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, 'm').exec(meminfo);
		return match ? Number(match[1]) * 1024 : undefined;
	};

	const available = field('MemAvailable');
	const total = field('MemTotal');
	return available !== undefined && total !== undefined ? {available, total} : undefined;
}

export async function availableMemory(): Promise<{available: number; total: number; method: string}> {
	try {
		const parsed = parseMemAvailable(await readFile('/proc/meminfo', 'utf8'));
		if (parsed) return {...parsed, method: 'MemAvailable in /proc/meminfo'};
	} catch {
		// Not Linux.
	}

	return {available: os.freemem(), total: os.totalmem(), method: 'os.freemem()'};
}

/** Free bytes for an unprivileged writer (f_bavail × f_bsize), and the device to tell shared filesystems apart. */
export async function freeDisk(dir: string): Promise<{free: number; total: number; device: number} | {error: string}> {
	try {
		const [fs, info] = await Promise.all([statfs(dir), stat(dir)]);
		return {free: fs.bavail * fs.bsize, total: fs.blocks * fs.bsize, device: info.dev};
	} catch (error) {
		return {error: (error as NodeJS.ErrnoException).code ?? (error as Error).message};
	}
}

const localEngine = (env: CheckEnv) => env.context.store.endpoint.host.startsWith('unix://');

/** The guide's step 5, memory: more than 4 GB available for parallel testing. */
export const systemMemoryCheck: CheckDefinition = {
	id: 'system-memory',
	title: 'Free memory',
	async run(env) {
		const memory = await availableMemory();
		const verdict = judgeFreeMemory(memory.available, env.requirements);
		const remote = localEngine(env) ? '' : ` (measured here; the engine runs at ${env.context.store.endpoint.host})`;
		return {
			status: verdict.status,
			value: `${formatSize(memory.available)} available of ${formatSize(memory.total)} (${memory.method})${remote}`,
			expected: `> ${formatSize(env.requirements.freeMemory, 0)} available for parallel testing (guide)`,
			fix: verdict.status === 'pass' ? undefined : 'Stop what you do not need (`docker stats` shows the biggest containers), or test one variant at a time.',
			data: {...memory, required: env.requirements.freeMemory, minimum: env.requirements.minFreeMemory},
		};
	},
};

/** The guide's step 5, disk: free space where the engine keeps its data and where the project lives. */
export const diskCheck: CheckDefinition = {
	id: 'disk',
	title: 'Free disk',
	async run(env) {
		const snapshot = await env.engine();
		const root = snapshot?.engine?.rootDir;
		const places: Array<{label: string; dir?: string; note?: string}> = [
			{
				label: 'engine data',
				dir: root && localEngine(env) ? root : undefined,
				note: !snapshot ? 'skipped: engine unreachable' : !root ? 'the engine does not say where' : !localEngine(env) ? `on the engine's host (${env.context.store.endpoint.host}), not readable from here` : undefined,
			},
			{label: 'project', dir: env.context.project.root},
		];
		const rows = await Promise.all(
			places.map(async place => {
				if (!place.dir) return {label: place.label, status: 'warn' as CheckStatus, text: `${place.label}: ${place.note}`};
				const measured = await freeDisk(place.dir);
				if ('error' in measured) return {label: place.label, status: 'warn' as CheckStatus, text: `${place.label} ${place.dir}: cannot read from here (${measured.error})`};
				const status = judgeFreeDisk(measured.free, env.requirements);
				return {label: place.label, status, text: `${place.label} ${place.dir}: ${formatSize(measured.free)} free of ${formatSize(measured.total)}`, free: measured.free, device: measured.device};
			}),
		);
		const status = worst(rows.map(row => row.status));
		const sameDevice = rows.length === 2 && rows[0].device !== undefined && rows[0].device === rows[1].device;
		return {
			status,
			value: rows.map(row => row.text).join('; ') + (sameDevice ? ' (same filesystem)' : ''),
			expected: `≥ ${formatSize(env.requirements.freeDisk, 0)} free at each (fail below ${formatSize(env.requirements.minFreeDisk, 0)})`,
			fix: status === 'pass' ? undefined : rows.some(row => row.free !== undefined && row.status !== 'pass') ? 'Free space: `docker system df` shows what the engine holds; `docker image prune` removes dangling images.' : 'Run alpinist where the engine keeps its data, or check that directory on the engine\'s host.',
			detail: rows.map(row => `${row.status.padEnd(4)} ${row.text}`),
			data: {places: rows},
		};
	},
};

/** Enough free disk at the engine for the Alpine images (estimated), with headroom for layers and build cache. */
export const imageSpaceCheck: CheckDefinition = {
	id: 'image-space',
	title: 'Disk for Alpine images',
	needsEngine: true,
	async run(env) {
		await env.engine();
		// The store lists images after its first picture: read them now for the sizes.
		await env.context.store.refreshImages().catch(() => {});
		const snapshot = env.context.store.getSnapshot();
		const dockerfiles = await alpineDockerfiles(env);
		if (!dockerfiles) return {status: 'skip', value: 'skipped: the Alpine compose file is missing or does not parse (see Compose files)'};
		const {project} = env.context;
		const imageSize = (id?: string) => snapshot.images.find(image => image.id === id || image.tags.includes(id ?? ''))?.size;
		const regular = projectContainers(snapshot, project.projectNames.regular);
		const estimates = dockerfiles.map(entry => {
			const name = entry.service.name;
			const expected = project.config.expectations.imageSizes[name];
			if (expected !== undefined) return {service: name, bytes: expected, source: 'expected size (config expectations.imageSizes)'};
			const running = regular.find(container => container.service === name);
			const regularSize = imageSize(running?.imageId);
			if (regularSize !== undefined) return {service: name, bytes: regularSize, source: 'size of its regular image (Alpine is smaller)'};
			const bases = (entry.info?.bases ?? []).map(base => imageSize(base.image)).filter((size): size is number => size !== undefined);
			if (bases.length > 0) return {service: name, bytes: Math.max(...bases), source: 'size of its base image'};
			return {service: name, bytes: 0, source: 'unknown (no expectation, no regular image, base not local)'};
		});
		const need = estimates.reduce((sum, estimate) => sum + estimate.bytes, 0);
		const root = snapshot.engine?.rootDir;
		if (!root || !localEngine(env)) {
			return {status: 'warn', value: `need ~${formatSize(need)}; free space at the engine cannot be read from here`, expected: `free ≥ ${env.requirements.imageHeadroom} × the estimated image sizes`, fix: 'Check free space on the engine\'s host: docker system df', detail: estimates.map(e => `${e.service.padEnd(12)} ${formatSize(e.bytes).padStart(10)}  ${e.source}`)};
		}

		const measured = await freeDisk(root);
		if ('error' in measured) return {status: 'warn', value: `need ~${formatSize(need)}; ${root} cannot be read from here (${measured.error})`, expected: `free ≥ ${env.requirements.imageHeadroom} × the estimated image sizes`};
		const status = judgeImageSpace(measured.free, need, env.requirements.imageHeadroom);
		return {
			status,
			value: `${formatSize(measured.free)} free at ${root}, Alpine images need ~${formatSize(need)} (${estimates.length} images)`,
			expected: `free ≥ ${env.requirements.imageHeadroom} × the estimated image sizes (layers + build cache)`,
			fix: status === 'pass' ? undefined : 'Free space at the engine: `docker system df`, then `docker image prune` / `docker builder prune`.',
			detail: estimates.map(e => `${e.service.padEnd(12)} ${formatSize(e.bytes).padStart(10)}  ${e.source}`),
			data: {freeBytes: measured.free, needBytes: need, headroom: env.requirements.imageHeadroom, estimates},
		};
	},
};
