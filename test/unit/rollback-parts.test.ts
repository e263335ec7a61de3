import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {dockerfileBaseRefs} from '../../source/flows/rollback/base-refs.js';
import {defaultBackupDir, restoreCommands} from '../../source/flows/rollback/backup.js';
import {beginRun, finishRun, pendingRollback, resumeRun, stepFinished, stepStarted} from '../../source/flows/rollback/journal.js';
import {collect, drain} from '../../source/flows/drain.js';
import {runStep} from '../../source/flows/recorded-step.js';
import {compareMemory} from '../../source/flows/verify/checks.js';
import {derivePhases} from '../../source/project/phases.js';
import {ProgressStore} from '../../source/project/progress.js';

describe('Dockerfile base images', () => {
	it('resolves ARG defaults and build args, skips stages and scratch', () => {
		const dockerfile = [
			'# syntax=docker/dockerfile:1',
			'ARG BASE=alpine:3.19',
			'ARG RUNTIME',
			'FROM ${BASE} AS build',
			'RUN apk add --no-cache build-base',
			'FROM build AS test',
			'FROM --platform=linux/amd64 $RUNTIME',
			'COPY --from=build /out /out',
			'FROM scratch',
		].join('\n');
		expect(dockerfileBaseRefs(dockerfile)).toEqual(['alpine:3.19']);
		expect(dockerfileBaseRefs(dockerfile, {BASE: 'alpinist-base/musl:busybox', RUNTIME: 'python:3.12-alpine'})).toEqual(['alpinist-base/musl:busybox', 'python:3.12-alpine']);
	});

	it('reads ${VAR:-default} and continued lines', () => {
		expect(dockerfileBaseRefs('FROM \\\n  ${IMG:-node:20-alpine}\n')).toEqual(['node:20-alpine']);
	});
});

describe('rollback journal (resume)', () => {
	let dir: string | undefined;
	afterEach(() => dir && rmSync(dir, {recursive: true, force: true}));
	const store = () => {
		dir = mkdtempSync(path.join(tmpdir(), 'alpinist-journal-'));
		return new ProgressStore({projectPath: '/projects/shop', cwd: dir});
	};

	it('an interrupted run is pending with the steps it finished, and resumes', () => {
		const progress = store();
		let run = beginRun(progress, {mode: 'permanent', backup: true, backupDir: '/b'});
		run = stepStarted(progress, run, 'default');
		run = stepFinished(progress, run, 'default', {status: 'pass'});
		run = stepStarted(progress, run, 'stop');
		// The process dies here: nothing else is written.
		const reopened = new ProgressStore({projectPath: '/projects/shop', cwd: dir});
		const pending = pendingRollback(reopened);
		expect(pending).toMatchObject({mode: 'permanent', done: ['default'], current: 'stop', status: 'running', backupDir: '/b'});
		expect(reopened.step('rollback.stop')?.status).toBe('running');
		const resumed = resumeRun(reopened, pending!);
		expect(resumed.done).toEqual(['default']);
		finishRun(reopened, resumed, {ok: true, summary: 'done', durationMs: 10});
		expect(pendingRollback(reopened)).toBeUndefined();
	});

	it('the phase view counts a rollback once one has succeeded', () => {
		const progress = store();
		const rehearsed = () => derivePhases(progress.get()).find(phase => phase.id === 'production')!.tasks.find(task => task.id === 'rollback')!.done;
		expect(rehearsed()).toBe(false);
		progress.append('rollback', {mode: 'emergency', ok: false, durationMs: 900});
		expect(rehearsed()).toBe(false);
		progress.append('rollback', {mode: 'emergency', ok: true, durationMs: 4200});
		expect(rehearsed()).toBe(true);
	});

	it('a failed run is pending too; a fresh run forgets the old steps', () => {
		const progress = store();
		let run = beginRun(progress, {mode: 'emergency', backup: true});
		run = stepStarted(progress, run, 'start');
		run = stepFinished(progress, run, 'start', {status: 'fail', summary: 'unhealthy'});
		finishRun(progress, run, {ok: false, summary: 'stopped', durationMs: 5});
		expect(pendingRollback(progress)?.status).toBe('fail');
		beginRun(progress, {mode: 'permanent', backup: false});
		expect(progress.step('rollback.start')).toBeUndefined();
		expect(pendingRollback(progress)).toMatchObject({mode: 'permanent', done: []});
	});
});

describe('memory against the baseline', () => {
	const baseline = (value: number, unit = 'B') => ({value, unit, at: '2024-01-01T00:00:00Z', method: 'docker stats, 3 samples'});
	it('says so when there is no baseline', () => {
		expect(compareMemory(50e6, 3, undefined)).toMatchObject({status: 'pass', summary: expect.stringContaining('no baseline recorded')});
	});

	it('passes near the baseline and warns well above it', () => {
		expect(compareMemory(110e6, 3, baseline(100e6)).status).toBe('pass');
		expect(compareMemory(110e6, 3, baseline(100, 'MB')).summary).toContain('+10.0 %');
		expect(compareMemory(200e6, 3, baseline(100e6))).toMatchObject({status: 'warn', summary: expect.stringContaining('+100.0 %')});
	});
});

describe('live steps', () => {
	it('yields what the work emits while it runs, then the end with its time', async () => {
		const {events, value} = await collect(
			runStep('x', 'X', async emit => {
				emit({type: 'log', line: 'one'});
				await new Promise(resolve => setTimeout(resolve, 5));
				emit({type: 'log', line: 'two'});
				return {status: 'pass', summary: 'ok'};
			}),
		);
		expect(events.map(event => (event.type === 'step' ? event.status : event.type === 'log' ? event.line : '?'))).toEqual(['running', 'one', 'two', 'pass']);
		expect(value.durationMs).toBeGreaterThanOrEqual(4);
	});

	it('a throwing step fails with its message', async () => {
		const end = await drain(
			runStep('x', 'X', async () => {
				throw new Error('boom');
			}),
		);
		expect(end).toMatchObject({status: 'fail', summary: 'boom'});
	});
});

describe('backup locations', () => {
	it('puts backups under the project, one directory per run, and says how to restore', () => {
		const dir = defaultBackupDir('/projects/shop', new Date('2024-05-01T12:30:00.123Z'));
		expect(dir).toBe(path.join('/projects/shop', '.alpinist-backups', '2024-05-01T12-30-00-123Z'));
		const entry = {volume: 'shop-alpine_data', file: 'shop-alpine_data.tar', bytes: 1, sha256: '', driver: 'local', labels: {}, anonymous: false};
		const [alpinist, docker] = restoreCommands('/b/my dir', entry);
		expect(alpinist).toBe("alpinist restore '/b/my dir' --volume shop-alpine_data");
		expect(docker).toContain('tar -xf /backup/shop-alpine_data.tar -C /');
	});
});
