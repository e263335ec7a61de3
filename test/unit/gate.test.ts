import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {migrationGate, recordOverride} from '../../source/project/gate.js';
import {ProgressStore} from '../../source/project/progress.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'alpinist-gate-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('migrationGate', () => {
	const progress = new ProgressStore({projectPath: '/project/gate', cwd: dir});

	it('asks for the checklist first', () => {
		expect(migrationGate(progress.get())).toMatchObject({allowed: false, reason: expect.stringContaining('checklist first')});
	});

	it('allows a passing or warning checklist', () => {
		progress.recordStep('check.all', {status: 'warn', data: {failed: [], warned: ['memory']}});
		expect(migrationGate(progress.get()).allowed).toBe(true);
	});

	it('blocks on failures until they are overridden, and records who and why', () => {
		progress.recordStep('check.all', {status: 'fail', data: {failed: ['ports'], warned: []}});
		expect(migrationGate(progress.get())).toMatchObject({allowed: false, failed: ['ports']});
		const override = recordOverride(progress, {reason: 'port freed at deploy', by: 'ana'});
		expect(override).toMatchObject({by: 'ana', reason: 'port freed at deploy', failed: ['ports']});
		expect(migrationGate(progress.get())).toMatchObject({allowed: true, reason: 'overridden by ana: port freed at deploy'});
		expect(progress.history('check').at(-1)).toMatchObject({override: true, by: 'ana', failed: ['ports']});
	});

	it('does not carry an override over to new failures', () => {
		progress.recordStep('check.all', {status: 'fail', data: {failed: ['ports', 'disk'], warned: []}});
		expect(migrationGate(progress.get())).toMatchObject({allowed: false, failed: ['ports', 'disk']});
	});

	it('records nothing when nothing failed', () => {
		progress.recordStep('check.all', {status: 'pass', data: {failed: [], warned: []}});
		expect(recordOverride(progress, {reason: 'x'})).toBeUndefined();
	});
});
