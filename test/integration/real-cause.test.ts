import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, cliPath} from '../helpers/cli.js';
import {anyPorts, removeBuiltImages, sampleCopy} from '../helpers/sample-copy.js';

/** Messages that name the real cause, on the real engine: a host port held by another program under --skip-check. */

const name = `it-cause-${process.pid}`;
const sample = sampleCopy(name);
sample.edit('alpinist.config.json', text => `${JSON.stringify({...JSON.parse(text), name}, null, '\t')}\n`);
const stateDir = mkdtempSync(path.join(tmpdir(), `alpinist-cause-${process.pid}-`));
let holder: net.Server;
let port = 0;
const cli = (args: string[], extra: Record<string, string> = {}) =>
	execa(process.execPath, [cliPath, ...args, '--project', sample.dir], {reject: false, stdin: 'ignore', env: {...anyPorts, ALPINIST_STATE_DIR: stateDir, ALPINIST_PUBLISH_IP: '127.0.0.1', ...extra}, timeout: 240_000});

beforeAll(async () => {
	buildCli();
	holder = net.createServer();
	await new Promise<void>(resolve => holder.listen(0, '127.0.0.1', resolve));
	port = (holder.address() as net.AddressInfo).port;
});

afterAll(async () => {
	await cli(['clean', '--alpine', '--yes']);
	await removeBuiltImages(name);
	await new Promise(resolve => holder.close(resolve));
	sample.remove();
	rmSync(stateDir, {recursive: true, force: true});
});

describe('an unknown top-level compose key', () => {
	it('fails the checklist, naming the key and its line, before Compose refuses it during migrate', async () => {
		const copy = sampleCopy(`${name}-spec`);
		try {
			copy.edit('compose/docker-compose.alpine.yml', text => text.replace(/^services:/m, 'servicez:\n  extra:\n    image: busybox\nservices:'));
			const line = readFileSync(path.join(copy.dir, 'compose/docker-compose.alpine.yml'), 'utf8').split('\n').indexOf('servicez:') + 1;
			const result = await execa(process.execPath, [cliPath, 'check', '--json', '--project', copy.dir], {reject: false, stdin: 'ignore', env: {...anyPorts, ALPINIST_STATE_DIR: stateDir}});
			expect(result.exitCode).toBe(1);
			const files = JSON.parse(result.stdout).checks.find((check: {id: string}) => check.id === 'compose-files');
			expect(files.status).toBe('fail');
			expect(files.value).toBe(`compose/docker-compose.alpine.yml:${line}:1: unknown top-level key "servicez": not in the Compose specification; did you mean "services"?`);
		} finally {
			copy.remove();
		}
	});
});

describe('a port conflict under --skip-check', () => {
	it('reports the port error, not a health timeout', async () => {
		const result = await cli(['migrate', '--yes', '--skip-check'], {ALPINIST_ALPINE_BACKEND_PORT: String(port)});
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toContain(`✗ FAIL Start the Alpine stack — compose up exited 1: host port 127.0.0.1:${port} is already in use`);
		expect(result.stdout).toContain(`The Alpine stack did not start: host port 127.0.0.1:${port} is already in use`);
		expect(result.stdout).not.toMatch(/did not become healthy|\(\(none\)\) timeout/);
	});
});
