import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, cliPath} from '../helpers/cli.js';
import {anyPorts, removeBuiltImages, sampleCopy} from '../helpers/sample-copy.js';

/**
 * A project migrated with Compose v1, then again once v2 is the one in use: v1 named the built
 * images `<project>_<service>`, v2 runs `<project>-<service>`. The recorded build must not be
 * trusted: the second run builds again (saying why) and comes up healthy.
 */

const has = (command: string, args: string[]) => {
	try {
		execFileSync(command, args, {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
};
const both = has('docker-compose', ['version', '--short']) && has('docker', ['compose', 'version', '--short']);

const name = `it-switch-${process.pid}`;
const sample = sampleCopy(name);
sample.edit('alpinist.config.json', text => `${JSON.stringify({...JSON.parse(text), name}, null, '\t')}\n`);
const stateDir = mkdtempSync(path.join(tmpdir(), `alpinist-switch-${process.pid}-`));
const cli = (args: string[], compose: 'v1' | 'v2') =>
	execa(process.execPath, [cliPath, ...args, '--project', sample.dir], {reject: false, stdin: 'ignore', env: {...anyPorts, ALPINIST_STATE_DIR: stateDir, ALPINIST_PUBLISH_IP: '127.0.0.1', ALPINIST_COMPOSE: compose}, timeout: 240_000});

beforeAll(() => {
	if (both) buildCli();
});

afterAll(async () => {
	if (both) await cli(['clean', '--alpine', '--yes'], 'v2');
	await removeBuiltImages(name);
	sample.remove();
	rmSync(stateDir, {recursive: true, force: true});
});

describe('a build recorded by another Compose', () => {
	it.skipIf(!both)('is not trusted when its images are not those the Compose in use runs', async () => {
		const first = await cli(['migrate', '--yes'], 'v1');
		expect(first.exitCode, first.stdout + first.stderr).toBe(0);
		const record = JSON.parse(readFileSync(path.join(stateDir, 'progress.json'), 'utf8')).projects[sample.dir].steps['migrate.build'];
		expect(record.data.images.map((image: {image: string}) => image.image)).toContain(`${name}-alpine_backend:latest`);
		await cli(['down', '--alpine'], 'v1');

		const second = await cli(['migrate', '--yes'], 'v2');
		expect(second.exitCode, second.stdout + second.stderr).toBe(0);
		expect(second.stdout).toMatch(new RegExp(`backend was built as ${name}-alpine_backend:latest, Compose now runs ${name}-alpine-backend:latest`));
		expect(second.stdout).toMatch(/✓ PASS Build Alpine images/);
		expect(second.stdout).not.toMatch(/No such image/);
		// The Compose that built them is recorded with the step.
		expect(record.data.compose).toMatchObject({version: 'v1', versionString: expect.stringMatching(/^1\./)});
		const again = JSON.parse(readFileSync(path.join(stateDir, 'progress.json'), 'utf8')).projects[sample.dir].steps['migrate.build'];
		expect(again.data.compose.version).toBe('v2');
	});
});
