import {unlinkSync} from 'node:fs';
import net from 'node:net';
import type Dockerode from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {DockerStore} from '../../source/docker/store.js';
import {checklist, type ChecklistInput} from '../../source/flows/checklist.js';
import type {CheckResult} from '../../source/flows/checks/types.js';
import {collect} from '../../source/flows/drain.js';
import type {FlowContext} from '../../source/flows/types.js';
import {docker, muslBase} from '../helpers/containers.js';
import {testContext} from '../helpers/context.js';
import {freePort, sampleCopy} from '../helpers/sample-copy.js';

async function run(context: FlowContext, input: ChecklistInput = {}) {
	const {events, value} = await collect(checklist(context, input));
	const output = value.data!;
	const byId = new Map<string, CheckResult>(output.results.map(result => [result.id, result]));
	return {events, output, byId, get: (id: string) => byId.get(id)!};
}

const portVariables = ['ALPINIST_ALPINE_BACKEND_PORT', 'ALPINIST_ALPINE_AUTH_PORT', 'ALPINIST_ALPINE_FRONTEND_PORT'];
const saved = Object.fromEntries(portVariables.map(name => [name, process.env[name]]));
const containers: Dockerode.Container[] = [];
const cleanups: Array<() => void> = [];
const networks: string[] = [];
let ports: number[] = [];

/** A test context on a (possibly broken) copy of the sample stack, with unique compose project names. */
function harness(name: string, edit?: (copy: ReturnType<typeof sampleCopy>) => void) {
	const copy = sampleCopy(name);
	edit?.(copy);
	const made = testContext(`it-check-${name}`, {projectDir: copy.dir});
	cleanups.push(() => {
		made.cleanup();
		copy.remove();
	});
	return {...made, copy};
}

beforeAll(async () => {
	// The Alpine stack's host ports: free ones, so another stack on the defaults does not matter.
	ports = await Promise.all(portVariables.map(() => freePort()));
	portVariables.forEach((name, index) => (process.env[name] = String(ports[index])));
});

afterAll(async () => {
	await Promise.all(containers.map(container => container.remove({force: true}).catch(() => {})));
	await Promise.all(networks.map(name => docker.getNetwork(name).remove().catch(() => {})));
	for (const cleanup of cleanups) cleanup();
	for (const [name, value] of Object.entries(saved)) {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
});

describe('the checklist on the sample stack, real engine', () => {
	it('passes every check, runs them at once, records results and the memory baseline', async () => {
		const {context, project} = harness('pass');
		const running = await docker.createContainer({
			Image: muslBase,
			Cmd: ['sleep', '3600'],
			name: `${project.projectNames.regular}-backend-1`,
			Labels: {'com.docker.compose.project': project.projectNames.regular, 'com.docker.compose.service': 'backend'},
			HostConfig: {NetworkMode: 'none'},
		});
		containers.push(running);
		await running.start();
		await context.store.start();
		const {events, output, get} = await run(context);
		// eslint-disable-next-line no-console
		console.log(`checklist on the sample stack: ${Math.round(output.durationMs)} ms for ${output.results.length} checks (one run, monotonic clock)`);
		for (const result of output.results) expect({id: result.id, status: result.status, value: result.value}).toMatchObject({status: 'pass'});
		expect(output.results.map(result => result.id)).toEqual([
			'engine', 'compose', 'containers', 'compose-files', 'dockerfiles', 'memory', 'system-memory', 'disk', 'build-contexts', 'ports', 'base-images', 'healthchecks', 'image-space',
		]);
		// Every check started before any finished: a running step each, first.
		const firstResult = events.findIndex(event => event.type === 'step' && event.status !== 'running');
		expect(events.slice(0, firstResult).filter(event => event.type === 'step')).toHaveLength(13);
		expect(events.filter(event => event.type === 'data' && event.kind === 'check')).toHaveLength(13);
		expect(get('containers').value).toContain('variant running: regular');
		expect(get('dockerfiles').value).toBe('backend.alpine.Dockerfile, auth.alpine.Dockerfile, frontend.alpine.Dockerfile');
		expect(get('ports').value).toContain(`${ports[0]} (backend)`);
		expect(get('base-images').value).toContain('alpinist-base/musl:busybox local');

		const progress = context.progress.get();
		expect(progress.steps['check.all']).toMatchObject({status: 'pass', data: {failed: []}});
		expect(progress.steps['check.ports']).toMatchObject({status: 'pass'});
		expect(progress.history.check).toHaveLength(1);
		expect(progress.baselines['memory.regular']).toMatchObject({unit: 'bytes', method: 'docker stats formula, one sample per container'});
		expect(progress.baselines['memory.regular'].value).toBeGreaterThan(0);
	});
});

describe('each check fails on a broken machine or copy', () => {
	it('engine: no engine → fail with how to start one, the checks that need it skipped', async () => {
		const {project, stateDir} = harness('noengine');
		const store = new DockerStore({endpoint: {host: 'unix:///nonexistent/alpinist-check.sock', source: 'DOCKER_HOST'}, maxBackoffMs: 60_000});
		const {createContext} = await import('../../source/flows/context.js');
		const context = createContext({project, stateDir, store});
		cleanups.push(() => store.stop());
		const {get, output} = await run(context);
		expect(get('engine')).toMatchObject({status: 'fail', value: expect.stringContaining('no answer at unix:///nonexistent/alpinist-check.sock')});
		expect(get('engine').fix).toContain('scripts/setup-engine.sh');
		for (const id of ['containers', 'memory', 'base-images', 'image-space']) expect(get(id)).toMatchObject({status: 'skip', value: 'skipped: engine unreachable'});
		expect(get('dockerfiles').status).toBe('pass');
		expect(output.failed).toEqual(['engine']);
	});

	it('containers: an unhealthy container of the project → fail naming it', async () => {
		const {context, project} = harness('unhealthy');
		const container = await docker.createContainer({
			Image: muslBase,
			Cmd: ['sleep', '3600'],
			name: `${project.projectNames.regular}-auth-1`,
			Labels: {'com.docker.compose.project': project.projectNames.regular, 'com.docker.compose.service': 'auth'},
			Healthcheck: {Test: ['CMD', 'false'], Interval: 100e6, Timeout: 1e9, Retries: 1},
			HostConfig: {NetworkMode: 'none'},
		});
		containers.push(container);
		await container.start();
		await context.store.start();
		await context.store.waitFor(snapshot => snapshot.containers.some(c => c.id === container.id && c.health === 'unhealthy'), {timeoutMs: 20_000});
		const {get} = await run(context, {only: ['containers']});
		expect(get('containers')).toMatchObject({status: 'fail', value: expect.stringContaining(`${project.projectNames.regular}-auth-1 (unhealthy)`)});
		expect(get('containers').fix).toContain(`docker logs ${project.projectNames.regular}-auth-1`);
	});

	it('memory: a container at 90 % or more of its limit → fail naming it', async () => {
		const {context, project} = harness('memory');
		const container = await docker.createContainer({
			Image: muslBase,
			// 15.5 MiB of tmpfs pages are charged to the container and cannot be reclaimed without swap.
			Cmd: ['sh', '-c', 'dd if=/dev/zero of=/dev/shm/fill bs=256k count=62 2>/dev/null; sleep 3600'],
			name: `${project.projectNames.regular}-backend-1`,
			Labels: {'com.docker.compose.project': project.projectNames.regular, 'com.docker.compose.service': 'backend'},
			HostConfig: {Memory: 16 * 1024 * 1024, NetworkMode: 'none'},
		});
		containers.push(container);
		await container.start();
		await context.store.start();
		// The store's stats stream says when the fill is in (an exec probe would be OOM-killed at this limit).
		const stop = context.store.watchStats([container.id]);
		try {
			await context.store.waitFor(snapshot => (snapshot.stats[container.id]?.memUsage ?? 0) > 15 * 1024 * 1024, {timeoutMs: 20_000});
		} finally {
			stop();
		}

		const {get} = await run(context, {only: ['memory']});
		expect(get('memory')).toMatchObject({status: 'fail'});
		expect(get('memory').fix).toMatch(new RegExp(`${project.projectNames.regular}-backend-1 uses 9\\d % of its 16.8 MB limit`));
	});

	it('compose files: a YAML error → fail naming the file and line', async () => {
		let line = 0;
		const {context} = harness('yaml', copy =>
			copy.edit('compose/docker-compose.alpine.yml', text => {
				const lines = text.split('\n');
				line = lines.findIndex(l => l === '  auth:') + 2;
				lines.splice(line - 1, 0, '\tbuild: [unclosed');
				return lines.join('\n');
			}),
		);
		const {get} = await run(context, {only: ['compose-files', 'ports']});
		expect(get('compose-files')).toMatchObject({status: 'fail', value: expect.stringMatching(new RegExp(`^compose/docker-compose\\.alpine\\.yml:${line}:\\d+: `))});
		expect(get('ports').status).toBe('skip');
	});

	it('Alpine Dockerfiles: one removed → fail naming the service (and its build context check fails too)', async () => {
		const {context} = harness('nodockerfile', copy => unlinkSync(`${copy.dir}/docker/backend.alpine.Dockerfile`));
		const {get} = await run(context, {only: ['dockerfiles', 'build-contexts']});
		expect(get('dockerfiles')).toMatchObject({status: 'fail', value: 'backend: docker/backend.alpine.Dockerfile missing'});
		expect(get('build-contexts')).toMatchObject({status: 'fail', value: expect.stringContaining('backend: Dockerfile docker/backend.alpine.Dockerfile missing')});
	});

	it('build contexts: a context that does not exist → fail naming file, line and service', async () => {
		const {context} = harness('nocontext', copy =>
			copy.edit('compose/docker-compose.alpine-test.yml', text => text.replace(/(  auth:\n    build:\n      context: )\.\.\/docker/, '$1../nowhere')),
		);
		const {get} = await run(context, {only: ['build-contexts']});
		expect(get('build-contexts')).toMatchObject({status: 'fail', value: expect.stringMatching(/^compose\/docker-compose\.alpine-test\.yml:\d+ auth: context nowhere missing$/)});
	});

	it('free memory and free disk: below what is required → fail with the measured value', async () => {
		const {context} = harness('resources');
		const {get} = await run(context, {only: ['system-memory', 'disk'], requirements: {freeMemory: 1e15, minFreeMemory: 1e15, freeDisk: 1e15, minFreeDisk: 1e15}});
		expect(get('system-memory')).toMatchObject({status: 'fail', value: expect.stringMatching(/GB available of .* \(MemAvailable in \/proc\/meminfo\)/), expected: '> 1000000 GB available for parallel testing (guide)'});
		expect(get('disk')).toMatchObject({status: 'fail', value: expect.stringContaining('engine data /var/lib/docker: ')});
	});

	it('ports: one held by another container, one by a process → fail naming both', async () => {
		const {context} = harness('ports');
		// Its own network: publishing needs a bridge, and this file creates what it uses.
		const network = `it-check-ports-${process.pid}`;
		await docker.createNetwork({Name: network, Labels: {'com.docker.compose.project': network}});
		networks.push(network);
		const holder = await docker.createContainer({
			Image: muslBase,
			Cmd: ['sleep', '3600'],
			name: `it-check-porthold-${process.pid}`,
			ExposedPorts: {'80/tcp': {}},
			HostConfig: {NetworkMode: network, PortBindings: {'80/tcp': [{HostIp: '127.0.0.1', HostPort: String(ports[0])}]}},
		});
		containers.push(holder);
		await holder.start();
		const server = net.createServer();
		await new Promise<void>(resolve => server.listen(ports[1], '127.0.0.1', resolve));
		try {
			await context.store.start();
			await context.store.waitFor(snapshot => snapshot.containers.some(c => c.id === holder.id && c.ports.some(p => p.publicPort === ports[0])), {timeoutMs: 10_000});
			const {get} = await run(context, {only: ['ports']});
			const result = get('ports');
			expect(result.status).toBe('fail');
			expect(result.value).toContain(`${ports[0]} (backend) held by container it-check-porthold-${process.pid}`);
			expect(result.value).toContain(`${ports[1]} (auth) held by process ${process.pid}`);
			expect(result.fix).toContain(`docker stop it-check-porthold-${process.pid}`);
			expect(result.fix).toContain('ALPINIST_ALPINE_BACKEND_PORT=');
		} finally {
			await new Promise(resolve => server.close(resolve));
			await holder.remove({force: true});
		}
	});

	it("ports: held by this project's own Alpine stack → pass, and says so (not \"free\")", async () => {
		const {context} = harness('ports-own');
		const own = context.project.projectNames.alpine;
		const network = `${own}_default`;
		await docker.createNetwork({Name: network, Labels: {'com.docker.compose.project': own}});
		networks.push(network);
		// A container of the project's Alpine compose project (its labels), publishing the backend's port.
		const backend = await docker.createContainer({
			Image: muslBase,
			Cmd: ['sleep', '3600'],
			name: `${own}_backend_1`,
			Labels: {'com.docker.compose.project': own, 'com.docker.compose.service': 'backend'},
			ExposedPorts: {'80/tcp': {}},
			HostConfig: {NetworkMode: network, PortBindings: {'80/tcp': [{HostIp: '127.0.0.1', HostPort: String(ports[0])}]}},
		});
		containers.push(backend);
		await backend.start();
		try {
			await context.store.start();
			await context.store.waitFor(snapshot => snapshot.containers.some(c => c.id === backend.id && c.ports.some(p => p.publicPort === ports[0])), {timeoutMs: 10_000});
			const {get} = await run(context, {only: ['ports']});
			const result = get('ports');
			expect(result.status).toBe('pass');
			expect(result.value).toBe(`2 ports free: ${ports[1]} (auth), ${ports[2]} (frontend); 1 held by this project's Alpine stack (already running): ${ports[0]} (backend)`);
		} finally {
			await backend.remove({force: true});
		}
	});

	it('base images: one neither local nor pullable → fail with the engine error and a fix', async () => {
		const {context} = harness('nobase', copy =>
			copy.edit('alpinist.config.json', text => {
				const config = JSON.parse(text);
				config.env.ALPINIST_ALPINE_BASE = 'alpinist-missing/none:1';
				return JSON.stringify(config);
			}),
		);
		expect(process.env.ALPINIST_ALPINE_BASE).toBeUndefined();
		const {get} = await run(context, {only: ['base-images']});
		expect(get('base-images')).toMatchObject({status: 'fail', value: expect.stringContaining('alpinist-missing/none:1 not local and cannot be pulled: ')});
		expect(get('base-images').fix).toContain('docker pull alpinist-missing/none:1');
	});

	it('healthchecks: a service without one → warn naming it (verification needs one)', async () => {
		const {context} = harness('nohealth', copy => copy.edit('docker/frontend.alpine.Dockerfile', text => text.replace(/^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, '')));
		const {get} = await run(context, {only: ['healthchecks']});
		expect(get('healthchecks')).toMatchObject({status: 'warn', value: 'no healthcheck: frontend'});
	});

	it('disk for the Alpine images: more than is free → fail', async () => {
		const {context} = harness('nospace', copy =>
			copy.edit('alpinist.config.json', text => JSON.stringify({...JSON.parse(text), expectations: {imageSizes: {backend: 1e15}}})),
		);
		const {get} = await run(context, {only: ['image-space']});
		expect(get('image-space')).toMatchObject({status: 'fail', value: expect.stringContaining('Alpine images need ~1000000.')});
	});
});
