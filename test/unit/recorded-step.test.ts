import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {EventChannel} from '../../source/flows/channel.js';
import {collect} from '../../source/flows/drain.js';
import {recordedStep} from '../../source/flows/recorded-step.js';
import type {FlowContext, FlowEvent} from '../../source/flows/types.js';
import {ProgressStore} from '../../source/project/progress.js';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

function fakeContext(signal = new AbortController().signal): FlowContext {
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-step-'));
	dirs.push(dir);
	const progress = new ProgressStore({projectPath: '/project', cwd: dir});
	return {progress, signal} as unknown as FlowContext;
}

describe('EventChannel', () => {
	it('yields what is pushed while the work runs, then returns its value', async () => {
		const channel = new EventChannel();
		const work = (async () => {
			channel.push({type: 'log', line: 'one'});
			await new Promise(resolve => setImmediate(resolve));
			channel.push({type: 'log', line: 'two'});
			return 42;
		})();
		const {events, value} = await collect(channel.until(work));
		expect(events.map(event => (event.type === 'log' ? event.line : event.type))).toEqual(['one', 'two']);
		expect(value).toBe(42);
	});

	it('rethrows the work error after the events', async () => {
		const channel = new EventChannel();
		const generator = channel.until(Promise.reject(new Error('boom')));
		await expect(collect(generator)).rejects.toThrow('boom');
	});
});

describe('recordedStep', () => {
	it('records running while it works, then the result with its data', async () => {
		const context = fakeContext();
		let seenWhileRunning: string | undefined;
		const {events, value} = await collect(
			recordedStep(context, 'migrate.build', 'Build', async emit => {
				seenWhileRunning = context.progress.step('migrate.build')?.status;
				emit({type: 'log', step: 'migrate.build', line: 'Step 1/3'});
				return {status: 'pass', summary: 'built', data: {images: [1]}, value: 'v'};
			}),
		);
		expect(seenWhileRunning).toBe('running');
		expect(events.map(event => event.type)).toEqual(['step', 'log', 'step']);
		expect(events.at(-1)).toMatchObject({status: 'pass', summary: 'built'});
		expect(value).toMatchObject({status: 'pass', value: 'v'});
		expect(context.progress.step('migrate.build')).toMatchObject({status: 'pass', summary: 'built', data: {images: [1]}});
	});

	it('a failure while the signal fired is recorded as interrupted', async () => {
		const controller = new AbortController();
		const context = fakeContext(controller.signal);
		const {value} = await collect(
			recordedStep(context, 'migrate.start', 'Start', async () => {
				controller.abort();
				throw new Error('compose killed');
			}),
		);
		expect(value.status).toBe('interrupted');
		expect(context.progress.step('migrate.start')).toMatchObject({status: 'interrupted', summary: 'interrupted (compose killed)'});
	});

	it('record: false leaves the progress store alone', async () => {
		const context = fakeContext();
		await collect(recordedStep(context, 'verify.health', 'Health', async () => ({status: 'pass'}), {record: false}));
		expect(context.progress.step('verify.health')).toBeUndefined();
	});
});
