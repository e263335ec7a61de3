import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {migrate, ProgressStore, schemaVersion} from '../../source/project/progress.js';

let cwd: string;
const file = () => path.join(cwd, 'progress.json');
const onDisk = () => JSON.parse(readFileSync(file(), 'utf8'));

beforeEach(() => {
	cwd = mkdtempSync(path.join(tmpdir(), 'alpinist-progress-'));
});

afterEach(() => {
	rmSync(cwd, {recursive: true, force: true});
});

const v1Project = {
	path: '/srv/shop',
	createdAt: '2024-01-01T00:00:00.000Z',
	updatedAt: '2024-01-02T00:00:00.000Z',
	defaultVariant: 'regular',
	steps: {'check.all': {status: 'pass', at: '2024-01-01T10:00:00.000Z'}},
	trainings: {},
	checklist: {at: '2024-01-01T10:00:00.000Z', passed: 7, failed: 0},
	benchmarks: [{at: '2024-01-02T10:00:00.000Z', regularMs: 9000, alpineMs: 7000}],
};

describe('ProgressStore', () => {
	it('keeps its file in the given cwd, never in the user config', () => {
		const store = new ProgressStore({cwd, projectPath: '/srv/shop'});
		store.recordStep('check.all', {status: 'pass', durationMs: 1200});
		expect(store.file).toBe(file());
		expect(onDisk().schemaVersion).toBe(schemaVersion);
		expect(onDisk().projects['/srv/shop'].steps['check.all']).toMatchObject({status: 'pass', durationMs: 1200});
	});

	it('keys progress by the absolute project path', () => {
		const shop = new ProgressStore({cwd, projectPath: '/srv/shop'});
		const blog = new ProgressStore({cwd, projectPath: '/srv/blog/../blog'});
		shop.recordStep('migrate.build', {status: 'pass'});
		blog.append('bench', {reduction: 0.4});
		blog.setDefaultVariant('alpine');
		const again = new ProgressStore({cwd, projectPath: '/srv/shop/'});
		expect(again.step('migrate.build')?.status).toBe('pass');
		expect(again.history('bench')).toEqual([]);
		expect(again.get().defaultVariant).toBe('regular');
		expect(Object.keys(onDisk().projects).sort()).toEqual(['/srv/blog', '/srv/shop']);
		expect(new ProgressStore({cwd, projectPath: '/srv/blog'}).history('bench')).toMatchObject([{reduction: 0.4}]);
	});

	it('migrates a schema 1 file to 2: top-level checklist and benchmarks become histories', () => {
		writeFileSync(file(), JSON.stringify({schemaVersion: 1, projects: {'/srv/shop': v1Project}}));
		const store = new ProgressStore({cwd, projectPath: '/srv/shop'});
		expect(store.warning).toBeUndefined();
		expect(store.history('check')).toEqual([v1Project.checklist]);
		expect(store.history('bench')).toEqual(v1Project.benchmarks);
		expect(store.get().baselines).toEqual({});
		expect(store.step('check.all')?.status).toBe('pass');
		const saved = onDisk();
		expect(saved.schemaVersion).toBe(2);
		expect(saved.projects['/srv/shop']).not.toHaveProperty('checklist');
		expect(saved.projects['/srv/shop']).not.toHaveProperty('benchmarks');
	});

	it('migrates a schema 1 file that never wrote its version', () => {
		writeFileSync(file(), JSON.stringify({projects: {'/srv/shop': v1Project}}));
		const store = new ProgressStore({cwd, projectPath: '/srv/shop'});
		expect(store.history('bench')).toEqual(v1Project.benchmarks);
		expect(onDisk().schemaVersion).toBe(2);
	});

	it.each([
		['broken JSON', '{"schemaVersion": 2, "projects": {'],
		['not an object', '[1, 2, 3]'],
		['projects of the wrong type', '{"schemaVersion": 2, "projects": "none"}'],
		['a newer schema', '{"schemaVersion": 99, "projects": {}}'],
	])('moves a corrupt file aside with a warning and starts afresh (%s)', (_label, content) => {
		writeFileSync(file(), content);
		const store = new ProgressStore({cwd, projectPath: '/srv/shop'});
		expect(store.warning?.message).toContain(file());
		expect(store.warning?.message).toMatch(/could not be read .* moved to /);
		const aside = readdirSync(cwd).filter(name => name.startsWith('progress.json.corrupt-'));
		expect(aside).toHaveLength(1);
		expect(readFileSync(path.join(cwd, aside[0]), 'utf8')).toBe(content);
		expect(store.warning?.movedTo).toBe(path.join(cwd, aside[0]));
		store.recordStep('check.all', {status: 'fail'});
		expect(onDisk().projects['/srv/shop'].steps['check.all'].status).toBe('fail');
	});

	it('notifies subscribers and keeps get() stable between changes (for useSyncExternalStore)', () => {
		const store = new ProgressStore({cwd, projectPath: '/srv/shop'});
		let calls = 0;
		const unsubscribe = store.subscribe(() => calls++);
		const before = store.get();
		expect(store.get()).toBe(before);
		store.setBaseline('memory.regular', 847e6, 'bytes', 'docker stats, 5 samples, median');
		expect(calls).toBe(1);
		expect(store.get()).not.toBe(before);
		expect(store.get().baselines['memory.regular']).toMatchObject({value: 847e6, unit: 'bytes'});
		unsubscribe();
		store.reset();
		expect(calls).toBe(1);
		expect(store.get().baselines).toEqual({});
		expect(existsSync(file())).toBe(true);
	});
});

describe('migrate', () => {
	it('runs the chain from 1 and leaves a current store alone', () => {
		expect(migrate({schemaVersion: 1, projects: {}})).toEqual({schemaVersion: 2, projects: {}});
		const current = {schemaVersion: 2, projects: {'/a': {steps: {}}}};
		expect(migrate(current)).toEqual(current);
	});

	it('refuses what it cannot read', () => {
		expect(() => migrate(null)).toThrow(/not a progress store/);
		expect(() => migrate({schemaVersion: 3, projects: {}})).toThrow(/newer alpinist/);
	});
});
