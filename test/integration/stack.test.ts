// The sample platform stack against a real Docker engine, no mocks: build each variant
// on the offline stand-in bases, bring it up, wait for every container to turn healthy by
// following the engine's event stream, call the endpoints, run the smoke test, tear it
// down and check that nothing labelled with the project is left. Also: the broken Alpine
// variant never turns healthy and its log shows the glibc-on-musl failure.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Docker from 'dockerode';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const docker = new Docker();

const STAND_IN = {regular: 'alpinist-base/debian:bookworm', alpine: 'alpinist-base/musl:busybox'} as const;
const PROJECT_LABEL = 'com.docker.compose.project';
const HEALTHY_TIMEOUT_MS = 60_000;

// --- compose CLI: v2 when `docker compose` answers, else v1; ALPINIST_COMPOSE=v1|v2 forces one --
type ComposeCli = {file: string; prefix: string[]; label: string};
let composeCli: Promise<ComposeCli> | undefined;

function findCompose(): Promise<ComposeCli> {
	composeCli ??= (async () => {
		const forced = process.env.ALPINIST_COMPOSE;
		const v2 = forced === 'v1' ? undefined : await execa('docker', ['compose', 'version', '--short'], {reject: false});
		if (v2?.exitCode === 0) return {file: 'docker', prefix: ['compose'], label: `docker compose ${v2.stdout.trim()}`};
		const v1 = forced === 'v2' ? undefined : await execa('docker-compose', ['version', '--short'], {reject: false});
		if (v1?.exitCode === 0) return {file: 'docker-compose', prefix: [], label: `docker-compose ${v1.stdout.trim()}`};
		throw new Error('neither `docker compose` nor `docker-compose` works: run scripts/setup-engine.sh');
	})();
	return composeCli;
}

type Stack = {project: string; composeFile: string; env: Record<string, string>};

async function compose(stack: Stack, args: string[]): Promise<string> {
	const cli = await findCompose();
	const result = await execa(cli.file, [...cli.prefix, '-p', stack.project, '-f', stack.composeFile, ...args], {
		cwd: root,
		env: stack.env,
		all: true,
		reject: false,
	});
	if (result.exitCode !== 0) {
		throw new Error(`${cli.label} ${args.join(' ')} exited ${result.exitCode}:\n${result.all}`);
	}
	return result.all ?? '';
}

function stackEnv(): Record<string, string> {
	const ports = [
		'REGULAR_BACKEND', 'REGULAR_AUTH', 'REGULAR_FRONTEND',
		'ALPINE_BACKEND', 'ALPINE_AUTH', 'ALPINE_FRONTEND',
	];
	return {
		ALPINIST_REGULAR_BASE: STAND_IN.regular,
		ALPINIST_ALPINE_BASE: STAND_IN.alpine,
		ALPINIST_PUBLISH_IP: '127.0.0.1',
		// Host port 0: the engine picks a free port; the tests read it back from the engine.
		...Object.fromEntries(ports.map((name) => [`ALPINIST_${name}_PORT`, '0'])),
	};
}

// --- the engine's event stream, filtered on one compose project --------------------------
type EngineEvent = {Type?: string; Action?: string; id?: string; Actor?: {ID?: string; Attributes?: Record<string, string>}};

type ProjectEvents = {
	/** Resolves with the first value `check` returns for the events seen so far (checked on each new event). */
	until<T>(check: (events: EngineEvent[]) => T | undefined, timeoutMs: number, what: string): Promise<T>;
	/** How many events have arrived so far: a mark to look past. */
	seen(): number;
	close(): void;
};

async function watchProject(project: string): Promise<ProjectEvents> {
	const stream = await docker.getEvents({
		filters: {type: ['container'], label: [`${PROJECT_LABEL}=${project}`], event: ['start', 'die', 'health_status']},
	});
	const events: EngineEvent[] = [];
	const waiters = new Set<() => void>();
	let buffered = '';
	stream.on('data', (chunk: Buffer) => {
		buffered += chunk.toString('utf8');
		const lines = buffered.split('\n');
		buffered = lines.pop() ?? '';
		for (const line of lines) {
			if (line.trim()) events.push(JSON.parse(line) as EngineEvent);
		}
		for (const waiter of waiters) waiter();
	});
	return {
		until(check, timeoutMs, what) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					waiters.delete(attempt);
					reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; events: ${JSON.stringify(events.map((e) => `${e.Actor?.Attributes?.name}: ${e.Action}`))}`));
				}, timeoutMs);
				function attempt() {
					let value: ReturnType<typeof check>;
					try {
						value = check(events);
					} catch (error) {
						clearTimeout(timer);
						waiters.delete(attempt);
						reject(error);
						return;
					}
					if (value !== undefined) {
						clearTimeout(timer);
						waiters.delete(attempt);
						resolve(value);
					}
				}
				waiters.add(attempt);
				attempt();
			});
		},
		seen() {
			return events.length;
		},
		close() {
			(stream as unknown as {destroy(): void}).destroy();
		},
	};
}

const eventContainer = (event: EngineEvent) => event.Actor?.ID ?? event.id ?? '';
const eventService = (event: EngineEvent) => event.Actor?.Attributes?.['com.docker.compose.service'];

async function projectContainers(project: string) {
	return docker.listContainers({all: true, filters: {label: [`${PROJECT_LABEL}=${project}`]}});
}

async function logsOf(containerId: string): Promise<string> {
	const result = await execa('docker', ['logs', containerId], {all: true, reject: false});
	return result.all ?? '';
}

/** Waits until every container of the project is healthy; fails fast when one dies or turns unhealthy. */
async function waitHealthy(watch: ProjectEvents, project: string, expected: number): Promise<Map<string, string>> {
	const containers = await projectContainers(project);
	expect(containers).toHaveLength(expected);
	const names = new Map(containers.map((c) => [c.Id, c.Labels['com.docker.compose.service'] ?? c.Id]));
	// Events are followed from before `up`, so none is missed; inspect covers the state anyway.
	const healthyAtStart = new Set<string>();
	for (const c of containers) {
		const state = (await docker.getContainer(c.Id).inspect()).State;
		if (state.Health?.Status === 'healthy') healthyAtStart.add(c.Id);
	}
	const failed = await watch
		.until((events) => {
			const healthy = new Set(healthyAtStart);
			for (const event of events) {
				const id = eventContainer(event);
				if (event.Action === 'health_status: healthy') healthy.add(id);
				if (event.Action === 'health_status: unhealthy' || event.Action === 'die') return {id, action: event.Action};
			}
			return [...names.keys()].every((id) => healthy.has(id)) ? null : undefined;
		}, HEALTHY_TIMEOUT_MS, `${expected} healthy containers in ${project}`);
	if (failed) {
		throw new Error(`${names.get(failed.id)} (${failed.id.slice(0, 12)}): ${failed.action}\n${await logsOf(failed.id)}`);
	}
	return names;
}

/** Published host port of a container's port, read from the engine. */
async function hostPort(project: string, service: string, containerPort: number): Promise<number> {
	const [container] = await docker.listContainers({
		filters: {label: [`${PROJECT_LABEL}=${project}`, `com.docker.compose.service=${service}`]},
	});
	expect(container, `${service} container`).toBeDefined();
	const info = await docker.getContainer(container!.Id).inspect();
	const binding = info.NetworkSettings.Ports[`${containerPort}/tcp`]?.[0];
	expect(binding?.HostPort, `${service} publishes ${containerPort}`).toBeTruthy();
	return Number(binding!.HostPort);
}

/** Everything left that carries the project's label (or, for built images, its name). */
async function leftovers(project: string) {
	const filters = {label: [`${PROJECT_LABEL}=${project}`]};
	const [containers, volumes, networks, labelled, all] = await Promise.all([
		docker.listContainers({all: true, filters}),
		docker.listVolumes({filters}),
		docker.listNetworks({filters}),
		docker.listImages({filters}),
		docker.listImages(),
	]);
	// Compose v1 names built images project_service and labels them with nothing of its own.
	const named = all.filter((image) => (image.RepoTags ?? []).some((tag) => tag.startsWith(`${project}_`) || tag.startsWith(`${project}-`)));
	return {
		containers: containers.map((c) => c.Names.join(',')),
		volumes: (volumes.Volumes ?? []).map((v) => v.Name),
		networks: networks.map((n) => n.Name),
		images: [...labelled, ...named].map((i) => (i.RepoTags ?? [i.Id]).join(',')),
	};
}

const NOTHING_LEFT = {containers: [], volumes: [], networks: [], images: []};

async function ensureStandInBases(): Promise<void> {
	const missing = [];
	for (const image of Object.values(STAND_IN)) {
		try {
			await docker.getImage(image).inspect();
		} catch {
			missing.push(image);
		}
	}
	if (missing.length > 0) {
		await execa('bash', [path.join(root, 'scripts/base-images.sh')], {cwd: root, stdio: 'inherit'});
	}
}

beforeAll(async () => {
	await docker.ping();
	await ensureStandInBases();
});

// --- the two variants ----------------------------------------------------------------------
const VARIANTS = [
	{
		variant: 'regular',
		composeFile: 'compose/docker-compose.yml',
		ports: {backend: 8000, auth: 8081, frontend: 3000},
		smokeArgs: ['--regular'],
	},
	{
		variant: 'alpine',
		composeFile: 'compose/docker-compose.alpine-test.yml',
		ports: {backend: 8002, auth: 8083, frontend: 3002},
		smokeArgs: [],
	},
] as const;

describe.each(VARIANTS)('$variant stack ($composeFile)', ({variant, composeFile, ports, smokeArgs}) => {
	const stack: Stack = {project: `alpinist-it-stack-${variant}-${process.pid}`, composeFile, env: stackEnv()};
	let watch: ProjectEvents | undefined;
	let tornDown = false;
	const urls = {backend: '', auth: '', frontend: ''};

	afterAll(async () => {
		watch?.close();
		if (!tornDown) await compose(stack, ['down', '-v', '--rmi', 'local', '--remove-orphans']).catch(() => undefined);
	});

	it('builds on the stand-in base', async () => {
		await compose(stack, ['build']);
		for (const service of ['backend', 'auth', 'frontend']) {
			const images = await docker.listImages({filters: {label: [`io.alpinist.service=${service}`, `io.alpinist.variant=${variant}`]}});
			const ours = images.filter((i) => (i.RepoTags ?? []).some((t) => t.startsWith(stack.project)));
			expect(ours, `${service} image`).toHaveLength(1);
			expect(ours[0]!.Labels['io.alpinist.base-image']).toBe(STAND_IN[variant]);
		}
	}, 240_000);

	it('comes up and every container turns healthy (engine events)', async () => {
		watch = await watchProject(stack.project);
		await compose(stack, ['up', '-d']);
		const names = await waitHealthy(watch, stack.project, 3);
		expect([...names.values()].sort()).toEqual(['auth', 'backend', 'frontend']);
		for (const [service, port] of Object.entries(ports)) {
			urls[service as keyof typeof urls] = `http://127.0.0.1:${await hostPort(stack.project, service, port)}`;
		}
	}, HEALTHY_TIMEOUT_MS + 30_000);

	it('answers HTTP 200 on every health endpoint', async () => {
		for (const [service, healthPath] of [['backend', '/health'], ['auth', '/health'], ['frontend', '/api/health']] as const) {
			const response = await fetch(`${urls[service]}${healthPath}`, {signal: AbortSignal.timeout(5000)});
			expect(response.status, `${service} ${healthPath}`).toBe(200);
			const body = (await response.json()) as {status: string; variant: string; libc: string};
			expect(body).toMatchObject({status: 'ok', variant, libc: variant === 'alpine' ? 'musl' : 'glibc'});
		}
	});

	if (variant === 'alpine') {
		it('applies the test stack limits and tmpfs mounts', async () => {
			const [backend] = await docker.listContainers({filters: {label: [`${PROJECT_LABEL}=${stack.project}`, 'com.docker.compose.service=backend']}});
			const {HostConfig} = await docker.getContainer(backend!.Id).inspect();
			expect(HostConfig.Memory).toBe(256 * 1024 * 1024);
			expect(HostConfig.NanoCpus).toBe(250_000_000);
			expect(HostConfig.MemoryReservation).toBe(128 * 1024 * 1024);
			expect(Object.keys(HostConfig.Tmpfs ?? {}).sort()).toEqual(['/tmp', '/var/cache/backend']);
		});
	}

	it('passes the smoke test', async () => {
		const result = await execa('node', [path.join(root, 'compose/smoke-test.mjs'), ...smokeArgs], {
			env: {ALPINIST_URL_BACKEND: urls.backend, ALPINIST_URL_AUTH: urls.auth, ALPINIST_URL_FRONTEND: urls.frontend},
			reject: false,
		});
		expect(result.stdout, result.stdout).toMatch(/^6 passed, 0 failed$/m);
		expect(result.exitCode).toBe(0);
	});

	it('keeps stored items across a container restart (named volume)', async () => {
		const item = `kept-${process.pid}-${variant}`;
		const stored = await fetch(`${urls.backend}/api/items`, {method: 'POST', body: item});
		expect(stored.status).toBe(201);
		const mark = watch!.seen();
		await compose(stack, ['rm', '-s', '-f', 'backend']);
		await compose(stack, ['up', '-d', 'backend']);
		await watch!.until(
			(events) => (events.slice(mark).some((e) => e.Action === 'health_status: healthy' && eventService(e) === 'backend') ? true : undefined),
			HEALTHY_TIMEOUT_MS,
			'the new backend container to turn healthy',
		);
		urls.backend = `http://127.0.0.1:${await hostPort(stack.project, 'backend', ports.backend)}`;
		const listed = (await (await fetch(`${urls.backend}/api/items`)).json()) as {items: string[]};
		expect(listed.items).toContain(item);
	}, HEALTHY_TIMEOUT_MS + 30_000);

	it('tears down leaving nothing labelled with the project', async () => {
		watch?.close();
		await compose(stack, ['down', '-v', '--rmi', 'local', '--remove-orphans']);
		tornDown = true;
		expect(await leftovers(stack.project)).toEqual(NOTHING_LEFT);
	}, 120_000);
});

// --- the broken Alpine variant -------------------------------------------------------------
describe('broken Alpine variant (compose/broken)', () => {
	const stack: Stack = {
		project: `alpinist-it-broken-${process.pid}`,
		composeFile: 'compose/broken/docker-compose.alpine.yml',
		env: stackEnv(),
	};
	let watch: ProjectEvents | undefined;

	afterAll(async () => {
		watch?.close();
		await compose(stack, ['down', '-v', '--rmi', 'local', '--remove-orphans']).catch(() => undefined);
		expect(await leftovers(stack.project)).toEqual(NOTHING_LEFT);
	}, 120_000);

	it('never turns healthy, and its log shows a glibc program failing on musl', async () => {
		expect(existsSync(path.join(root, stack.composeFile))).toBe(true);
		await compose(stack, ['build']);
		watch = await watchProject(stack.project);
		await compose(stack, ['up', '-d']);
		const outcome = await watch.until(
			(events) => events.find((e) => e.Action === 'die' || e.Action?.startsWith('health_status:')),
			HEALTHY_TIMEOUT_MS,
			'the broken backend to die or report its health',
		);
		expect(outcome.Action).not.toBe('health_status: healthy');
		const id = eventContainer(outcome);
		const {State} = await docker.getContainer(id).inspect();
		expect(State.Health?.Status).not.toBe('healthy');
		if (outcome.Action === 'die') expect(State.ExitCode).toBe(127);

		const log = await logsOf(id);
		// busybox ash: "<script>: line N: <file>: not found" for a file that is there.
		expect(log).toMatch(/\/opt\/backend\/bin\/busybox: not found/);
		// musl's loader on a glibc program.
		expect(log).toMatch(/Error loading shared library \S+: No such file or directory \(needed by \/opt\/backend\/bin\/busybox\)/);
		expect(log).toMatch(/Error relocating \/opt\/backend\/bin\/busybox: \S+: symbol not found/);
	}, 240_000);
});
