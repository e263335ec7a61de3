import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {top} from '../../source/commands/top.js';
import type {CommandContext} from '../../source/commands/types.js';
import {runCommand} from '../helpers/command.js';
import {removeTopFixture, startTopFixture, type TopFixture} from '../helpers/top-fixture.js';

// `alpinist top --once` against a real engine: one stats sample per container, variants read from
// the images (these containers are not the bundled project's), as a table and as JSON.
const base = `it-top-once-${process.pid}`;
let fixture: TopFixture;
let stateDir: string;

function runTop(flags: Record<string, unknown>, mode: CommandContext['mode']): Promise<{code: number; stdout: string; stderr: string}> {
	return runCommand(top, {mode, flags: {stateDir, once: true, ...flags}});
}

beforeAll(async () => {
	fixture = await startTopFixture(base);
	stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-top-once-'));
});

afterAll(async () => {
	if (fixture) await removeTopFixture(fixture.docker, base);
	if (stateDir) rmSync(stateDir, {recursive: true, force: true});
});

describe('alpinist top --once', () => {
	it('prints one JSON snapshot with stats, variants from the images, and stopped containers with --all', async () => {
		const {code, stdout} = await runTop({filter: base, all: true}, 'json');
		expect(code).toBe(0);
		const document = JSON.parse(stdout);
		expect(document.cpuPercent).toContain('one core');
		const byName = Object.fromEntries(document.containers.map((row: any) => [row.name, row]));
		expect(Object.keys(byName).sort()).toEqual(Object.values(fixture.names).sort());
		expect(byName[fixture.names.busy]).toMatchObject({variant: 'musl', variantFamily: 'alpine', variantSource: 'image', status: 'running'});
		expect(byName[fixture.names.esc]).toMatchObject({variant: 'regular', variantFamily: 'regular', variantSource: 'image'});
		expect(byName[fixture.names.busy].cpuPercent).toBeGreaterThan(5);
		expect(byName[fixture.names.mem].memUsage).toBeGreaterThan(20 * 1024 * 1024);
		expect(byName[fixture.names.idle].pids).toBe(1);
		expect(byName[fixture.names.stopped]).toMatchObject({status: 'exited 0', cpuPercent: null, uptimeSeconds: null});
		const alpine = document.totals.find((total: any) => total.family === 'alpine');
		expect(alpine.containers).toBe(4);
		expect(alpine.memUsage).toBeGreaterThan(20 * 1024 * 1024);
	});

	it('prints a docker stats --no-stream table, running containers only by default, sorted as asked', async () => {
		const {code, stdout} = await runTop({filter: base, sort: 'cpu'}, 'plain');
		expect(code).toBe(0);
		const lines = stdout.split('\n');
		expect(lines[0]).toMatch(/^NAME\s+SERVICE\s+VARIANT\s+STATUS\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS\s+UPTIME$/);
		const rows = lines.slice(1, lines.indexOf(''));
		expect(rows).toHaveLength(4);
		expect(rows[0].startsWith(fixture.names.busy)).toBe(true);
		expect(stdout).not.toContain(fixture.names.stopped);
		expect(stdout).toMatch(/totals\s+regular 1 .*Alpine 3/);
		expect(stdout).toContain('100 % = one core');
	});

	it('rejects a bad --interval or --sort with the usage exit code', async () => {
		expect((await runTop({interval: 0}, 'plain')).code).toBe(2);
		const bad = await runTop({sort: 'colour'}, 'plain');
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('--sort takes one of');
	});
});
