/**
 * alpinist doctor against the real engine: the sample's broken Alpine backend (a glibc program on
 * musl), an Alpine compose file naming an image that is neither here nor buildable, a test stack
 * without its tmpfs, and a backend whose search works only on glibc (tests fail only on Alpine).
 * Each on a temporary copy of the sample project, under its own compose project names.
 */
import {chmodSync, copyFileSync, existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import YAML from 'yaml';
import App from '../../source/app.js';
import {doctor} from '../../source/commands/doctor.js';
import type {CommandContext} from '../../source/commands/types.js';
import {builtImageName} from '../../source/flows/doctor/missing-images.js';
import {applyFlow, doctorFlow} from '../../source/flows/doctor/doctor.js';
import type {Diagnosis, DiagnosisId, DoctorInput} from '../../source/flows/doctor/types.js';
import {composeServices, projectContainers, waitHealthy} from '../../source/flows/stack.js';
import {collect as collectEvents} from '../../source/flows/drain.js';
import type {DataMap, Flow, FlowContext, FlowEvent} from '../../source/flows/types.js';
import {composeFor, type Project, type Variant} from '../../source/project/discover.js';
import {projectSlug} from '../../source/project/lock.js';
import {stepsFromEarlierCache} from '../helpers/build-log.js';
import {docker} from '../helpers/containers.js';
import {waitForFrame} from '../helpers/ui.js';
import {repoRoot, testContext} from '../helpers/context.js';
import {sampleCopy} from '../helpers/sample-copy.js';
import {preloadScreens} from '../../source/screens/index.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'doctor');
const tick = () => new Promise(resolve => setTimeout(resolve, 50));

// Temporary copies and state directories: removed at the end of the file even when a test filter skips their block.
const leftovers: Array<() => void> = [];
afterAll(() => {
	for (const remove of leftovers) remove();
});

/**
 * A temporary copy of the sample project whose configs (the root one and the broken sample's) carry
 * the unique name testContext gives, so a command that discovers the project on its own agrees.
 */
function project(prefix: string, options: {adjust?: (project: Project) => void; broken?: boolean} = {}) {
	const name = `${prefix}-${process.pid}`;
	const sample = sampleCopy(prefix);
	for (const config of ['alpinist.config.json', 'compose/broken/alpinist.config.json']) {
		sample.edit(config, text => `${JSON.stringify({...JSON.parse(text), name}, null, '\t')}\n`);
	}

	const copy = {
		root: sample.dir,
		file: (relative: string) => path.join(sample.dir, relative),
		read: (relative: string) => readFileSync(path.join(sample.dir, relative), 'utf8'),
		write: (relative: string, text: string) => writeFileSync(path.join(sample.dir, relative), text),
	};
	const harness = testContext(prefix, {projectDir: options.broken ? copy.file('compose/broken') : copy.root, adjust: options.adjust});
	leftovers.push(() => harness.cleanup(), () => sample.remove());
	return {name, copy, harness};
}

// Every host port the sample's compose files publish: 0 lets the engine pick a free one.
const portVariables = ['REGULAR', 'ALPINE'].flatMap(variant => ['BACKEND', 'AUTH', 'FRONTEND'].map(service => `ALPINIST_${variant}_${service}_PORT`));
const savedEnv = Object.fromEntries(portVariables.map(name => [name, process.env[name]]));
beforeAll(() => {
	for (const name of portVariables) process.env[name] = '0';
});
afterAll(() => {
	for (const [name, value] of Object.entries(savedEnv)) {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
});

async function runFlow<I, T, M extends DataMap>(flow: Flow<I, T, M>, context: FlowContext, input: I) {
	const {events, value} = await collectEvents(flow(context, input));
	return {outcome: value, events};
}

/** The Alpine backend's published address (the engine picked the port). */
async function backendUrl(context: FlowContext): Promise<string> {
	const backend = projectContainers(context.store.getSnapshot(), context.project.projectNames.alpine).find(container => container.service === 'backend');
	const port = backend?.ports.find(candidate => candidate.publicPort)?.publicPort;
	if (!port) throw new Error('the Alpine backend publishes no port');
	return `http://127.0.0.1:${port}`;
}

async function diagnose(context: FlowContext, id: DiagnosisId, input: DoctorInput = {}): Promise<Diagnosis> {
	const {outcome} = await runFlow(doctorFlow, context, {...input, only: [id]});
	const diagnosis = outcome.data?.find(candidate => candidate.id === id);
	if (!diagnosis) throw new Error(`no ${id} diagnosis`);
	return diagnosis;
}

async function compose(context: FlowContext, variant: Variant) {
	return composeFor(context.project, variant, await context.compose());
}

/** Builds and starts a variant, then waits (on the engine's events) until every service is healthy. */
async function upHealthy(context: FlowContext, variant: Variant): Promise<void> {
	const project = await compose(context, variant);
	const up = await project.up({build: true});
	if (up.exitCode !== 0) throw new Error(`${up.command}: ${up.stderr}`);
	const wait = await waitHealthy(context, {projectName: project.projectName, services: await composeServices(project)});
	if (!wait.ok) throw new Error(`${variant} not healthy: ${JSON.stringify(wait.failure)}`);
}

/** Images compose builds for a project, under either Compose version's naming. */
function builtImages(projectName: string, services = ['backend', 'auth', 'frontend']): string[] {
	return services.flatMap(service => [builtImageName(projectName, service, 'v1'), builtImageName(projectName, service, 'v2')]);
}

/**
 * Containers, volumes and the images compose built for the variant: only what this test created.
 * Whatever compose down leaves (it failed, or another Compose version made it) goes by the project's label.
 */
async function down(context: FlowContext, variant: Variant): Promise<void> {
	if (!context.project.compose[variant]) return;
	const projectName = context.project.projectNames[variant];
	await (await compose(context, variant)).run(['down', '-v', '--rmi', 'local', '--remove-orphans']).catch(() => undefined);
	const label = `com.docker.compose.project=${projectName}`;
	for (const container of await docker.listContainers({all: true, filters: {label: [label]}})) await docker.getContainer(container.Id).remove({force: true, v: true}).catch(() => undefined);
	for (const volume of (await docker.listVolumes({filters: {label: [label]}})).Volumes ?? []) await docker.getVolume(volume.Name).remove().catch(() => undefined);
	for (const image of builtImages(projectName)) await docker.getImage(image).remove({force: true}).catch(() => undefined);
}

function collect() {
	const stream = new PassThrough();
	let text = '';
	stream.on('data', chunk => (text += String(chunk)));
	return {stream, text: () => text};
}

describe('a glibc program on musl: the sample\'s broken Alpine backend', () => {
	// Screens load lazily (React.lazy): load them first, so the first frame is the screen.
	beforeAll(preloadScreens);
	const {name, copy, harness} = project('it-doctor-broken', {broken: true});

	beforeAll(async () => {
		expect(harness.project.projectNames.alpine).toBe(`${name}-alpine`);
		await harness.context.store.start();
		const up = await (await compose(harness.context, 'alpine')).up({build: true});
		expect(up.exitCode, up.stderr).toBe(0);
		// The backend exits at start: wait for the engine to say so.
		await harness.context.store.waitFor(
			snapshot => projectContainers(snapshot, harness.project.projectNames.alpine).some(container => container.state === 'exited'),
			{timeoutMs: 60_000},
		);
	});

	afterAll(async () => {
		await down(harness.context, 'alpine');
	});

	it('is diagnosed as musl/glibc, quoting the log line, the ELF interpreter and the Dockerfile lines', async () => {
		const diagnosis = await diagnose(harness.context, 'musl-glibc');
		expect(diagnosis.status).toBe('problem');
		const [finding] = diagnosis.findings;
		expect(finding.subject).toBe('backend');
		const evidence = finding.evidence.join('\n');
		expect(evidence).toMatch(/exited with code 127/);
		expect(evidence).toContain('log: /app/start.sh: line 11: /opt/backend/bin/busybox: not found');
		expect(evidence).toMatch(/log: Error loading shared library libresolv\.so\.2: .*\(needed by \/opt\/backend\/bin\/busybox\)/);
		expect(evidence).toMatch(/log: Error relocating \/opt\/backend\/bin\/busybox: \S+: symbol not found/);
		expect(evidence).toMatch(/ELF \/opt\/backend\/bin\/busybox: interpreter \/lib64\/ld-linux-x86-64\.so\.2 \(MISSING in the container\); needs .*libc\.so\.6/);
		expect(evidence).toContain('broken.alpine.Dockerfile:31: COPY --from=build /opt/backend/bin/busybox /opt/backend/bin/busybox');
		expect(evidence).toMatch(/broken\.alpine\.Dockerfile:11: FROM \$\{REGULAR_BASE\} AS build .*alpinist-base\/debian:bookworm/);
		expect(finding.cause).toContain('/opt/backend/bin/busybox is a glibc program');
		expect(finding.patch).toContain('-FROM ${REGULAR_BASE} AS build\n+FROM ${BASE_IMAGE} AS build');
		expect(finding.fix.join('\n')).toMatch(/gcompat/);
	});

	it('alpinist doctor --json exits 1 and names the problem', async () => {
		const stdout = collect();
		const stderr = collect();
		const command: CommandContext = {
			args: [],
			flags: {json: true, yes: false, dryRun: false, forceRebuild: false, project: copy.file('compose/broken'), stateDir: harness.stateDir},
			mode: 'json',
			stdout: stdout.stream,
			stderr: stderr.stream,
			signal: new AbortController().signal,
		};
		const code = await doctor.run(command);
		expect(code, stderr.text()).toBe(1);
		const document = JSON.parse(stdout.text());
		const statuses = Object.fromEntries(document.diagnoses.map((d: Diagnosis) => [d.id, d.status]));
		expect(statuses).toMatchObject({'missing-images': 'ok', 'musl-glibc': 'problem', performance: 'not-applicable'});
		expect(document.knowledge.join('\n')).toMatch(/128 KiB/);
	});

	it('alpinist doctor in plain (CI) output exits 1 too; --fail-on takes error or warning only', async () => {
		const run = async (extra: Record<string, unknown>) => {
			const stdout = collect();
			const stderr = collect();
			const code = await doctor.run({
				args: [],
				flags: {json: false, yes: false, dryRun: false, forceRebuild: false, project: copy.file('compose/broken'), stateDir: harness.stateDir, only: ['musl-glibc'], ...extra},
				mode: 'plain',
				stdout: stdout.stream,
				stderr: stderr.stream,
				signal: new AbortController().signal,
			});
			return {code, stdout: stdout.text(), stderr: stderr.text()};
		};

		const plain = await run({failOn: 'error'});
		expect(plain.code, plain.stderr).toBe(1);
		expect(plain.stdout).toMatch(/✗ FAIL glibc program on musl/);
		expect(plain.stdout).toContain('Problems found');
		const wrong = await run({failOn: 'sometimes'});
		expect(wrong.code).toBe(2);
		expect(wrong.stderr).toContain('--fail-on takes "error" or "warning", not "sometimes"');
	});

	it('shows on the Troubleshoot screen: the problem selected, its evidence, the patch further down', async () => {
		const app = render(<App context={harness.context} initial={{id: 'doctor'}} />);
		try {
			const frame = await waitForFrame(app.lastFrame, text => text.includes('PROBLEM  backend') && text.includes('Known musl pitfalls'), 60_000);
			expect(frame).toMatch(/› ✗ glibc program on musl/);
			expect(frame).toContain('log: /app/start.sh: line 11: /opt/backend/bin/busybox: not found');
			expect(frame).toMatch(/ELF \/opt\/backend\/bin\/busybox: interpreter \/lib64\/ld-linux-x86-64\.so\.2 \(MISSING in the/);
			for (let page = 0; page < 4 && !(app.lastFrame() ?? '').includes('+FROM ${BASE_IMAGE} AS build'); page++) {
				app.stdin.write('\u001B[6~');
				await tick();
			}

			expect(app.lastFrame()).toContain('+FROM ${BASE_IMAGE} AS build');
			app.stdin.write('\u001B[A');
			await waitForFrame(app.lastFrame, text => /› ✓ Alpine image not found/.test(text) && text.includes('on this engine (1 checked)'));
		} finally {
			app.unmount();
		}
	});
});

describe('an Alpine image that is neither on the engine nor buildable', () => {
	const {name, copy, harness} = project('it-doctor-missing', {
		adjust(found) {
			// Only the Alpine file: its two buildable services are what the fix builds.
			delete found.compose.alpineTest;
		},
	});
	const missingImage = `${name}/backend:alpine`;
	const built = async () => {
		const cli = await harness.context.compose();
		return ['auth', 'frontend'].map(service => builtImageName(harness.project.projectNames.alpine, service, cli.version));
	};

	beforeAll(() => {
		const file = 'compose/docker-compose.alpine.yml';
		const document = YAML.parseDocument(copy.read(file));
		document.deleteIn(['services', 'backend', 'build']);
		document.setIn(['services', 'backend', 'image'], missingImage);
		copy.write(file, document.toString());
	});

	afterAll(async () => {
		await down(harness.context, 'alpine');
	});

	it('names the image as a problem, offers its build section, and offers to build the rest', async () => {
		const diagnosis = await diagnose(harness.context, 'missing-images');
		expect(diagnosis.status).toBe('problem');
		const problem = diagnosis.findings.find(finding => finding.severity === 'problem')!;
		expect(problem.subject).toBe('backend (compose/docker-compose.alpine.yml)');
		expect(problem.evidence.join('\n')).toContain(`image: ${missingImage} and no build: section`);
		expect(problem.evidence.join('\n')).toContain(`docker image inspect ${missingImage}: no such image on this engine`);
		expect(problem.patch).toContain('+      dockerfile: backend.alpine.Dockerfile');
		const unbuilt = diagnosis.findings.find(finding => finding.severity === 'warning')!;
		expect(unbuilt.subject).toBe('auth, frontend (compose/docker-compose.alpine.yml)');
		expect(unbuilt.apply?.id).toBe('build-alpine');
		expect(unbuilt.fix.join('\n')).toMatch(/build --no-cache auth frontend/);
	});

	it('--apply build-alpine builds without cache, reports the images, and the warning goes away', async () => {
		const started = Date.now();
		const {outcome, events} = await runFlow(applyFlow, harness.context, {id: 'build-alpine'});
		expect(outcome.ok).toBe(true);
		const logs = events.flatMap(event => (event.type === 'log' ? [event.line] : []));
		expect(logs[0]).toMatch(/^\$ .* build --no-cache$/);
		// The same Dockerfiles were built before on this engine: only --no-cache keeps the cache out
		// (BuildKit still says CACHED for a local base and for a step two services share in one build).
		expect(logs.some(line => /Successfully (built|tagged)|naming to|exporting layers/.test(line))).toBe(true);
		expect(stepsFromEarlierCache(logs)).toEqual([]);
		const done = events.find((event): event is Extract<FlowEvent, {type: 'step'}> => event.type === 'step' && event.status === 'pass')!;
		expect(done.summary).toBe('built 2 image(s) with --no-cache');
		expect(done.detail?.join('\n')).toMatch(/[_-]auth \(.*created/);
		for (const image of await built()) expect(Date.parse((await docker.getImage(image).inspect()).Created)).toBeGreaterThanOrEqual(started - 1000);

		const after = await diagnose(harness.context, 'missing-images');
		expect(after.findings.map(finding => finding.severity)).toEqual(['problem']);
	});

	it('--apply with --dry-run builds nothing', async () => {
		const dry = {...harness.context, dryRun: true};
		const {outcome, events} = await runFlow(applyFlow, dry, {id: 'build-alpine'});
		expect(outcome.ok).toBe(true);
		expect(events.filter(event => event.type === 'log')).toEqual([]);
		expect(events.find(event => event.type === 'step')).toMatchObject({status: 'skip', summary: expect.stringMatching(/^dry run: would run .* build --no-cache$/)});
	});
});

describe('a test stack without its tmpfs', () => {
	const {copy, harness} = project('it-doctor-tmpfs');
	const file = 'compose/docker-compose.alpine-test.yml';
	const original = copy.read(file);

	beforeAll(async () => {
		const document = YAML.parseDocument(original);
		for (const service of ['backend', 'auth', 'frontend']) document.deleteIn(['services', service, 'tmpfs']);
		copy.write(file, document.toString());
		await harness.context.store.start();
	});

	afterAll(async () => {
		await down(harness.context, 'alpineTest');
	});

	it('is a problem naming the file and every service without tmpfs', async () => {
		const diagnosis = await diagnose(harness.context, 'performance');
		expect(diagnosis.status).toBe('problem');
		const finding = diagnosis.findings.find(candidate => candidate.subject === file)!;
		expect(finding.severity).toBe('problem');
		expect(finding.evidence).toEqual([`${file}: no tmpfs for auth, backend, frontend`]);
		expect(finding.patch).toContain('@@ services.backend @@');
		expect(diagnosis.note).toMatch(/No container of the project is running/);
	});

	it('sees the running containers lack the tmpfs the file declares again', async () => {
		await upHealthy(harness.context, 'alpineTest');
		copy.write(file, original);
		const diagnosis = await diagnose(harness.context, 'performance');
		expect(diagnosis.findings.some(finding => finding.subject === file)).toBe(false);
		const stale = diagnosis.findings.filter(finding => finding.evidence.includes('mounted in the container: no tmpfs'));
		expect(stale.map(finding => finding.subject).sort()).toEqual(
			projectContainers(harness.context.store.getSnapshot(), harness.project.projectNames.alpineTest)
				.map(container => container.name)
				.sort(),
		);
		expect(stale.find(finding => finding.subject.includes('backend'))?.evidence).toContain(`declared in ${file}: tmpfs /tmp, /var/cache/backend`);
		// The containers run, so they were measured: CPU against its limit (0.25 CPU), memory against 256 MiB, disk I/O.
		const measured = diagnosis.findings.find(finding => finding.subject.startsWith('measured since each container started'))!;
		expect(measured.evidence).toHaveLength(3);
		for (const line of measured.evidence) expect(line).toMatch(/: CPU throttled in \d+ of \d+ periods \([\d.]+ ?%\); memory [\d.]+ \w+ of a 256(?:\.0)? MiB limit \([\d.]+ ?%\); block read /);
	});
});

describe('tests that fail only on Alpine', () => {
	const {copy, harness} = project('it-doctor-only');

	beforeAll(async () => {
		// A search endpoint written for GNU grep (-P is not in busybox grep), and tests that use it.
		const search = 'docker/app/backend/cgi-bin/api/search';
		copyFileSync(path.join(fixtures, 'search'), copy.file(search));
		chmodSync(copy.file(search), 0o755);
		copyFileSync(path.join(fixtures, 'search-test.mjs'), copy.file('search-test.mjs'));
		await harness.context.store.start();
		await upHealthy(harness.context, 'regular');
		await upHealthy(harness.context, 'alpine');
	});

	afterAll(async () => {
		await down(harness.context, 'regular');
		await down(harness.context, 'alpine');
	});

	it('runs the test command on both stacks and shows the diff aligned by test, with the Alpine ERROR lines', async () => {
		const diagnosis = await diagnose(harness.context, 'alpine-only-failures', {testCommand: ['node', 'search-test.mjs']});
		expect(diagnosis.status).toBe('problem');
		const evidence = diagnosis.findings[0].evidence;
		expect(evidence[0]).toBe('regular: exit 0, 3 passed, 0 failed; Alpine: exit 1, 2 passed, 1 failed');
		expect(evidence).toContain('fails only on Alpine: backend search finds the item — HTTP 500: {"error":"search failed"}');
		expect(evidence.find(line => line.startsWith('≠'))).toMatch(/^≠ backend search finds the item\s+pass\s+fail\s+HTTP 500/);
		expect(evidence.filter(line => line.startsWith('='))).toHaveLength(2);
		expect(evidence.find(line => line.startsWith('log: '))).toMatch(/backend[_-]1: backend: ERROR search failed: grep: unrecognized option: P/);
		// Both outputs are kept under the state dir, never in the project.
		const logs = path.join(harness.stateDir, 'doctor', projectSlug(copy.root));
		expect(readFileSync(path.join(logs, 'regular.log'), 'utf8')).toMatch(/^ok 3 - backend search finds the item/m);
		expect(readFileSync(path.join(logs, 'alpine.log'), 'utf8')).toMatch(/^not ok 3 - backend search finds the item: HTTP 500/m);
		expect(existsSync(copy.file('.alpinist'))).toBe(false);
		expect(diagnosis.findings[0].fix[0]).toContain(path.join(logs, 'regular.log'));
	});

	it('is read-only unless asked: without --run-smoke no test runs against the stacks', async () => {
		const logs = path.join(harness.stateDir, 'doctor', projectSlug(copy.root));
		rmSync(logs, {recursive: true, force: true});
		const items = async () => (await fetch(`${await backendUrl(harness.context)}/api/items`)).text();
		const before = await items();
		const diagnosis = await diagnose(harness.context, 'alpine-only-failures');
		expect(diagnosis.status).toBe('not-applicable');
		expect(diagnosis.note).toMatch(/pass --run-smoke/);
		expect(existsSync(logs)).toBe(false);
		expect(await items()).toBe(before);
	});

	it('sees nothing Alpine-only with the sample smoke test, which passes on both', async () => {
		const diagnosis = await diagnose(harness.context, 'alpine-only-failures', {runSmoke: true});
		expect(diagnosis.status).toBe('ok');
		expect(diagnosis.note).toBe('Both stacks give the same results (6 tests).');
	});
});
