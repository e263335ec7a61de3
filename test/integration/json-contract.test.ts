import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, cliPath} from '../helpers/cli.js';
import {sampleCopy} from '../helpers/sample-copy.js';

/** `--json` prints one JSON document on stdout, always: also when the command stops on a usage or config error. */

const sample = sampleCopy(`json-contract-${process.pid}`);
const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-json-state-'));
const run = (args: string[]) => execa(process.execPath, [cliPath, ...args, '--state-dir', stateDir], {reject: false, stdin: 'ignore', env: {CI: '1'}, timeout: 60_000});

beforeAll(() => {
	buildCli();
	writeFileSync(path.join(sample.dir, 'alpinist.config.json'), JSON.stringify({name: `it-json-${process.pid}`, services: 5}));
});

afterAll(() => {
	sample.remove();
	rmSync(stateDir, {recursive: true, force: true});
});

describe('--json with an error', () => {
	it('a config error: exit 2, one document naming the error, the message on stderr', async () => {
		for (const command of ['status', 'check', 'verify']) {
			const result = await run([command, '--json', '--project', sample.dir]);
			expect(result.exitCode, command).toBe(2);
			expect(JSON.parse(result.stdout), command).toEqual({ok: false, exitCode: 2, error: expect.stringContaining('alpinist.config.json')});
			expect(result.stderr, command).toContain('not a valid alpinist config');
		}
	});

	it('a usage error and an unknown command', async () => {
		const usage = await run(['report', '--json', '--fail-on', 'sometimes']);
		expect(usage.exitCode).toBe(2);
		expect(JSON.parse(usage.stdout)).toMatchObject({ok: false, exitCode: 2, error: expect.stringContaining('--fail-on')});
		const unknown = await run(['nonsense', '--json']);
		expect(unknown.exitCode).toBe(2);
		expect(JSON.parse(unknown.stdout)).toMatchObject({ok: false, exitCode: 2, error: expect.stringContaining('unknown command')});
	});
});
