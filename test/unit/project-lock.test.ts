import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {acquireProjectLock, lockFile, ProjectLockedError, takeOverMessage} from '../../source/project/lock.js';

let stateDir: string;
const projectRoot = '/srv/shop';

beforeEach(() => {
	stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-lock-'));
});

afterEach(() => {
	rmSync(stateDir, {recursive: true, force: true});
});

function writeLock(holder: Record<string, unknown>): string {
	const file = lockFile(stateDir, projectRoot);
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, JSON.stringify({project: projectRoot, host: hostname(), ...holder}));
	return file;
}

describe('project lock', () => {
	it('writes who holds it (PID, command, start time) in the state dir, and removes it on release', () => {
		const before = Date.now();
		const lock = acquireProjectLock({stateDir, projectRoot, command: 'migrate'});
		const after = Date.now();
		expect(lock.file.startsWith(path.join(stateDir, 'locks'))).toBe(true);
		const holder = JSON.parse(readFileSync(lock.file, 'utf8'));
		expect(holder).toMatchObject({pid: process.pid, command: 'migrate', project: projectRoot});
		// Its start time is the time it was taken.
		expect(Date.parse(holder.startedAt)).toBeGreaterThanOrEqual(before);
		expect(Date.parse(holder.startedAt)).toBeLessThanOrEqual(after);
		lock.release();
		expect(existsSync(lock.file)).toBe(false);
	});

	it('refuses a second writer while the holder runs, naming its PID and command', async () => {
		const holder = spawn('sleep', ['30']);
		try {
			const file = writeLock({pid: holder.pid, command: 'rollback', startedAt: new Date().toISOString()});
			let error: unknown;
			try {
				acquireProjectLock({stateDir, projectRoot, command: 'migrate'});
			} catch (caught) {
				error = caught;
			}

			expect(error).toBeInstanceOf(ProjectLockedError);
			expect((error as Error).message).toContain(`process ${holder.pid} (alpinist rollback`);
			expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(holder.pid);
		} finally {
			holder.kill();
		}
	});

	it('takes over the lock of a process that no longer runs, and says so', () => {
		const dead = spawnSync('true').pid;
		writeLock({pid: dead, command: 'migrate', startedAt: new Date().toISOString()});
		const lock = acquireProjectLock({stateDir, projectRoot, command: 'down'});
		expect(lock.tookOver?.pid).toBe(dead);
		expect(takeOverMessage(lock)).toContain(`process ${dead} (alpinist migrate`);
		expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({pid: process.pid, command: 'down'});
		lock.release();
	});

	it('takes over when the PID now belongs to a process that started after the lock was taken', () => {
		const other = spawn('sleep', ['30']);
		try {
			writeLock({pid: other.pid, command: 'migrate', startedAt: '2001-01-01T00:00:00.000Z'});
			const lock = acquireProjectLock({stateDir, projectRoot, command: 'up'});
			expect(lock.tookOver?.pid).toBe(other.pid);
			lock.release();
		} finally {
			other.kill();
		}
	});

	it('is re-entrant within one process; the file goes with the last release', () => {
		const first = acquireProjectLock({stateDir, projectRoot, command: 'migrate'});
		const second = acquireProjectLock({stateDir, projectRoot, command: 'migrate'});
		first.release();
		expect(existsSync(first.file)).toBe(true);
		second.release();
		expect(existsSync(first.file)).toBe(false);
	});

	it('keeps projects apart', () => {
		const shop = acquireProjectLock({stateDir, projectRoot, command: 'migrate'});
		const blog = acquireProjectLock({stateDir, projectRoot: '/srv/blog', command: 'migrate'});
		expect(blog.file).not.toBe(shop.file);
		shop.release();
		blog.release();
	});
});
