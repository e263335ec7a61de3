import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {FileWriteError} from '../../source/project/atomic-write.js';
import {keptCorruptFiles, ProgressStore} from '../../source/project/progress.js';
import {useSmallFs} from '../helpers/small-fs.js';

let cwd: string;
const file = () => path.join(cwd, 'progress.json');
const corrupt = () => readdirSync(cwd).filter(name => name.startsWith('progress.json.corrupt-'));

beforeEach(() => {
	cwd = mkdtempSync(path.join(tmpdir(), 'alpinist-durable-'));
});

afterEach(() => {
	rmSync(cwd, {recursive: true, force: true});
});

describe('progress store: the whole file is validated on load', () => {
	it.each([
		['steps of the wrong type', {schemaVersion: 2, projects: {'/srv/shop': {steps: 5}}}, /projects\["\/srv\/shop"\]\.(path|steps|createdAt)/],
		['a step with an unknown status', {schemaVersion: 2, projects: {'/srv/shop': {path: '/srv/shop', createdAt: 'x', updatedAt: 'x', defaultVariant: 'regular', steps: {'migrate.build': {status: 'great', at: 'x'}}, history: {}, trainings: {}, baselines: {}}}}, /steps\["migrate\.build"\]\.status/],
		['a history that is not a list', {schemaVersion: 2, projects: {'/srv/shop': {path: '/srv/shop', createdAt: 'x', updatedAt: 'x', defaultVariant: 'alpine', steps: {}, history: {bench: {}}, trainings: {}, baselines: {}}}}, /history\.bench/],
	])('moves valid JSON of the wrong shape aside and reports where (%s)', (_label, content, where) => {
		writeFileSync(file(), JSON.stringify(content));
		const store = new ProgressStore({cwd, projectPath: '/srv/shop'});
		expect(store.warning?.message).toMatch(/could not be read \(not a progress store: /);
		expect(store.warning?.message).toMatch(where);
		expect(corrupt()).toHaveLength(1);
		// Readers get a well-formed fresh project, not the bad values.
		expect(store.get().steps).toEqual({});
		expect(store.history('bench')).toEqual([]);
		store.recordStep('check.all', {status: 'pass'});
		expect(JSON.parse(readFileSync(file(), 'utf8')).projects['/srv/shop'].steps['check.all'].status).toBe('pass');
	});

	it(`keeps only the newest ${keptCorruptFiles} corrupt files moved aside`, () => {
		for (let index = 0; index < keptCorruptFiles + 3; index++) {
			const old = path.join(cwd, `progress.json.corrupt-old-${index}`);
			writeFileSync(old, '{');
			utimesSync(old, new Date(2020, 0, 1 + index), new Date(2020, 0, 1 + index));
		}

		writeFileSync(file(), '{"broken"');
		const store = new ProgressStore({cwd, projectPath: '/srv/shop'});
		const kept = corrupt();
		expect(kept).toHaveLength(keptCorruptFiles);
		expect(kept).toContain(path.basename(store.warning!.movedTo!));
		expect(kept).not.toContain('progress.json.corrupt-old-0');
	});
});

describe('progress store: two processes on one file', () => {
	it('a change is applied to the file as it is now, not to what this store read at start', () => {
		const migrate = new ProgressStore({cwd, projectPath: '/srv/shop'});
		const check = new ProgressStore({cwd, projectPath: '/srv/shop'});
		check.get();
		migrate.recordStep('migrate.build', {status: 'pass'});
		check.append('check', {passed: 13});
		const again = new ProgressStore({cwd, projectPath: '/srv/shop'});
		expect(again.step('migrate.build')?.status).toBe('pass');
		expect(again.history('check')).toHaveLength(1);
		expect(existsSync(`${file()}.lock`)).toBe(false);
	});
});

// A real small file system: a 64 KB tmpfs (needs root and mount).
const small = useSmallFs('alpinist-64k-');

/** Fills the file system up to `leave` bytes or so. */
function fill(dir: string, leave: number): void {
	const filler = path.join(dir, 'filler');
	let size = 0;
	const chunk = Buffer.alloc(4096, 1);
	for (;;) {
		try {
			writeFileSync(filler, chunk, {flag: 'a'});
			size += chunk.length;
		} catch {
			break;
		}
	}

	writeFileSync(filler, Buffer.alloc(Math.max(0, size - leave), 1));
}

describe('progress store on a full disk (64 KB tmpfs)', () => {
	it('fails the write with ENOSPC and keeps the previous file whole', ctx => {
		if (!small.dir) ctx.skip(`no tmpfs could be mounted: ${small.why}`);
		const dir = small.dir!;
		const state = path.join(dir, 'state');
		mkdirSync(state);
		const store = new ProgressStore({cwd: state, projectPath: '/srv/shop'});
		store.recordStep('migrate.build', {status: 'pass', summary: 'built'});
		const before = readFileSync(path.join(state, 'progress.json'), 'utf8');
		fill(dir, 12 * 1024);
		let error: unknown;
		try {
			store.recordStep('migrate.up', {status: 'pass', data: 'x'.repeat(40 * 1024)});
		} catch (caught) {
			error = caught;
		}

		expect(error).toBeInstanceOf(FileWriteError);
		expect((error as FileWriteError).code).toBe('ENOSPC');
		expect((error as Error).message).toMatch(/no space left .* previous version of the file is kept/);
		expect(readFileSync(path.join(state, 'progress.json'), 'utf8')).toBe(before);
		expect(readdirSync(state).sort()).toEqual(['progress.json']);
		const again = new ProgressStore({cwd: state, projectPath: '/srv/shop'});
		expect(again.warning).toBeUndefined();
		expect(again.step('migrate.build')?.summary).toBe('built');
		rmSync(path.join(dir, 'filler'));
	});
});
