import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, cliPath} from '../helpers/cli.js';
import {PrivateEngine, standInImage} from '../helpers/engine.js';
import {waitUntil} from '../helpers/wait.js';

/**
 * The engine gone in the middle of a build: a private dockerd of this test (never the shared one)
 * is stopped while `migrate` builds; the failure says the engine went away, with exit 3.
 */

const engine = new PrivateEngine();
const dir = mkdtempSync(path.join(tmpdir(), `alpinist-gone-${process.pid}-`));
const env = {DOCKER_HOST: engine.host, ALPINIST_STATE_DIR: path.join(dir, 'state'), ALPINIST_COMPOSE: 'v2'};

async function answers(): Promise<boolean> {
	return (await execa('docker', ['-H', engine.host, 'version'], {reject: false})).exitCode === 0;
}

beforeAll(async () => {
	buildCli();
	engine.start();
	await waitUntil(answers, {timeoutMs: 60_000, intervalMs: 200, what: 'the private engine to start'});

	// The stand-in base, from the shared engine into the private one (1.7 MB).
	await execa('sh', ['-c', `docker save ${standInImage} | docker -H ${engine.host} load`]);
	const build = "FROM alpinist-base/musl:busybox\nRUN echo building; sleep 20\n";
	writeFileSync(path.join(dir, 'app.Dockerfile'), build);
	writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  app:\n    image: alpinist-base/musl:busybox\n    command: ["sleep", "600"]\n');
	writeFileSync(path.join(dir, 'docker-compose.alpine.yml'), 'services:\n  app:\n    build:\n      context: .\n      dockerfile: app.Dockerfile\n      network: none\n    command: ["sleep", "600"]\n');
	writeFileSync(path.join(dir, 'alpinist.config.json'), `${JSON.stringify({name: `it-gone-${process.pid}`})}\n`);
}, 120_000);

afterAll(async () => {
	rmSync(dir, {recursive: true, force: true});
	await engine.stop();
	// dockerd stopped mid-build leaves its build mounts behind: unmounted (deepest first) before the directory goes.
	const mounts = readFileSync('/proc/mounts', 'utf8')
		.split('\n')
		.map(line => line.split(' ')[1])
		.filter(point => point?.startsWith(engine.dir))
		.sort((a, b) => b.length - a.length);
	for (const point of mounts) await execa('umount', ['-l', point], {reject: false});
	await engine.dispose();
});

describe('the engine gone during a build', () => {
	it('says that the engine went away, exit 3', async () => {
		const run = execa(process.execPath, [cliPath, 'migrate', '--yes', '--verbose', '--project', dir], {reject: false, stdin: 'ignore', env, timeout: 120_000, all: true});
		let seen = '';
		run.all!.on('data', chunk => (seen += chunk));
		// The RUN step has started: its own output line ("#5 0.087 building").
		await waitUntil(() => /#\d+ [\d.]+ building/.test(seen), {timeoutMs: 60_000, intervalMs: 100, what: 'the build to start', detail: () => `output:\n${seen}`});

		await engine.stop();
		const result = await run;
		expect(result.all, `exit ${result.exitCode}:\n${result.all}`).toMatch(/✗ FAIL Build Alpine images — app did not build \(exit \d+\): the Docker engine went away/);
		expect(result.all).toMatch(/The Alpine images did not build: the Docker engine went away/);
		expect(result.exitCode).toBe(3);
	});
});
