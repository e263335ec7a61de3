import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {discoverProject} from '../../source/project/discover.js';
import {buildCli, cliPath} from '../helpers/cli.js';
import {docker, muslBase} from '../helpers/containers.js';
import {sampleCopy} from '../helpers/sample-copy.js';

/**
 * Untrusted strings carrying terminal escapes (a window title, a screen clear, C1 controls), fed
 * through every headless command against the real engine: none reaches the output.
 */

const hostile = 'svc\u001B]0;pwned\u0007\u001B[2J\u009B2J\u009D0;t\u009Clabel';
const shown = 'svclabel';
const escapes = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

const sample = sampleCopy(`escapes-${process.pid}`);
// A compose project name of its own: nothing else on the engine is touched or seen.
sample.edit('alpinist.config.json', text => JSON.stringify({...JSON.parse(text), name: `it-escapes-${process.pid}`}));
const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-escapes-state-'));
const project = discoverProject({dir: sample.dir});
const containers: Dockerode.Container[] = [];

const run = (args: string[], env: Record<string, string> = {}) =>
	execa(process.execPath, [cliPath, ...args, '--project', sample.dir, '--state-dir', stateDir], {reject: false, stdin: 'ignore', env: {CI: '1', ...env}, timeout: 120_000});

beforeAll(async () => {
	buildCli();
	// An idle container that the engine lists as a service of the project's Alpine stack, whose
	// service label (and another label) carry the escapes.
	const container = await docker.createContainer({
		Image: muslBase,
		Cmd: ['sleep', '3600'],
		name: `alpinist-escapes-${process.pid}`,
		Labels: {'com.docker.compose.project': project.projectNames.alpine, 'com.docker.compose.service': hostile, 'org.example.note': hostile},
	});
	containers.push(container);
	await container.start();
}, 120_000);

afterAll(async () => {
	for (const container of containers) await container.remove({force: true}).catch(() => {});
	sample.remove();
	rmSync(stateDir, {recursive: true, force: true});
});

function clean(result: {stdout: string; stderr: string}) {
	expect(result.stdout).not.toMatch(escapes);
	expect(result.stderr).not.toMatch(escapes);
}

describe('no terminal escape from an untrusted string reaches the output', () => {
	it('status (plain and JSON)', async () => {
		const plain = await run(['status', '--plain']);
		clean(plain);
		const json = await run(['status', '--json']);
		clean(json);
		expect(() => JSON.parse(json.stdout)).not.toThrow();
	});

	it('verify names the service, without its escapes', async () => {
		const result = await run(['verify', '--plain', '--alpine']);
		clean(result);
		expect(result.stdout).toContain(shown);
	});

	it('rollback --dry-run lists the container, without its escapes', async () => {
		const result = await run(['rollback', '--emergency', '--dry-run', '--plain']);
		clean(result);
		expect(`${result.stdout}${result.stderr}`).toContain(`alpinist-escapes-${process.pid}`);
	});

	it('report, plain and Markdown, and the step summary file', async () => {
		const summary = path.join(stateDir, 'summary.md');
		clean(await run(['report', '--plain', '--no-smoke']));
		const markdown = await run(['report', '--markdown', '--no-smoke'], {GITHUB_STEP_SUMMARY: summary});
		clean(markdown);
	});

	it('doctor', async () => {
		clean(await run(['doctor', '--plain']));
	});

	it('convert: its messages and its diff', async () => {
		const dockerfile = path.join(sample.dir, 'Hostile.Dockerfile');
		writeFileSync(dockerfile, `FROM python:3.12-slim\n# ${hostile}\nRUN apt-get update && apt-get install -y curl ${hostile}\nLABEL note="${hostile}"\n`);
		const result = await run(['convert', dockerfile, '--plain']);
		clean(result);
		expect(result.stdout).toContain(shown);
		const json = await run(['convert', dockerfile, '--json']);
		clean(json);
		expect(JSON.stringify(JSON.parse(json.stdout))).toContain('pwned');
	});
});
