import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {checkGate, migrationGate, recordOverride} from '../../source/project/gate.js';
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

describe('one gate for migrate and the wizard', () => {
	const at = '2025-01-31T10:00:00.000Z';
	const failed = (ids: string[]) => ({status: 'fail' as const, at, summary: `${ids.length} checks failed`, data: {failed: ids, warned: []}});
	const override = (ids: string[]) => ({status: 'pass' as const, at, summary: 'known, ticket 42', data: {by: 'ada', reason: 'known, ticket 42', failed: ids}});
	const skipped = (ids: string[]) => ({status: 'pass' as const, at, summary: 'overridden by migrate --skip-check', data: {by: 'migrate --skip-check', reason: 'overridden by migrate --skip-check', failed: ids}});

	it('an explicit override opens both gates, migrate and the wizard', () => {
		const gate = checkGate({all: failed(['ports']), override: override(['ports'])}, false);
		expect(gate).toMatchObject({allowed: true, override: false});
		const progress = {steps: {'check.all': failed(['ports']), 'check.override': override(['ports'])}} as never;
		expect(migrationGate(progress)).toMatchObject({allowed: true, state: 'overridden'});
	});

	it('--skip-check applies to its own run: its record opens neither gate later', () => {
		expect(checkGate({all: failed(['ports']), override: skipped(['ports'])}, false).allowed).toBe(false);
		const progress = {steps: {'check.all': failed(['ports']), 'check.override': skipped(['ports'])}} as never;
		expect(migrationGate(progress)).toMatchObject({allowed: false, state: 'failed'});
	});

	it('migrate refuses new failures that an earlier override did not name, as the wizard does', () => {
		const records = {all: failed(['ports', 'disk']), override: override(['ports'])};
		expect(checkGate(records, false)).toMatchObject({allowed: false, message: expect.stringMatching(/--skip-check/)});
		expect(checkGate(records, true)).toMatchObject({allowed: true, override: true});
	});
});
