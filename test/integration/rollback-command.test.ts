// The rollback command headless: flags, exit codes and the JSON document. Only reads the engine
// (dry runs and declined confirmations change nothing).
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {restore} from '../../source/commands/restore.js';
import {rollback} from '../../source/commands/rollback.js';
import type {CommandContext, GlobalFlags} from '../../source/commands/types.js';
import {runCommand} from '../helpers/command.js';
import {repoRoot} from '../helpers/context.js';

const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-rollback-cmd-'));
afterAll(() => rmSync(stateDir, {recursive: true, force: true}));

async function run(command: typeof rollback, flags: Partial<GlobalFlags>, args: string[] = [], mode: CommandContext['mode'] = 'plain') {
	const {code, stdout, stderr} = await runCommand(command, {args, mode, flags: {project: repoRoot, stateDir, backup: true, smoke: true, ...flags}});
	return {code, out: stdout, err: stderr};
}

describe('alpinist rollback, headless', () => {
	it('exits 2 when both modes are given, and when none is and nothing is pending', async () => {
		expect((await run(rollback, {emergency: true, permanent: true})).code).toBe(2);
		const none = await run(rollback, {});
		expect(none.code).toBe(2);
		expect(none.out).toContain('Choose a rollback: --emergency');
	});

	it('--permanent --dry-run --json prints the plan and changes nothing (exit 0)', async () => {
		const {code, out} = await run(rollback, {permanent: true, dryRun: true}, [], 'json');
		expect(code).toBe(0);
		const document = JSON.parse(out);
		expect(document).toMatchObject({ok: true, exitCode: 0, data: {mode: 'permanent', dryRun: true, confirmed: false}});
		expect(document.data.preview[0]).toBe('set the project default back to regular');
		expect(document.data.plan.alpineProjects).toEqual(['sample-alpine', 'sample-alpine-test']);
	});

	it('without --yes it declines, says "add --yes" and exits 2', async () => {
		const {code, out} = await run(rollback, {emergency: true});
		expect(code).toBe(2);
		expect(out).toContain('add --yes');
	});

	it('restore without a backup to restore from is a usage error', async () => {
		expect((await run(restore, {})).code).toBe(2);
		expect((await run(restore, {}, [path.join(stateDir, 'missing')])).code).toBe(2);
	});
});
