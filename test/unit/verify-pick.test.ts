import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {chooseVariant} from '../../source/flows/variant-choice.js';
import {pickVariant, recordedStartup} from '../../source/flows/verify/verify.js';
import {ProgressStore} from '../../source/project/progress.js';

describe('pickVariant: verify runs on whichever variant is up', () => {
	const byDefault = (recorded: 'regular' | 'alpine') => chooseVariant({env: {}, recorded});

	it('takes the default variant when it is up', () => {
		expect(pickVariant(['regular', 'alpine'], byDefault('regular')).variant).toBe('regular');
	});

	it('else the one that is up, Alpine first', () => {
		expect(pickVariant(['regular'], byDefault('alpine'))).toMatchObject({variant: 'regular', reason: 'the variant that is up'});
		expect(pickVariant(['regular', 'alpineTest'], byDefault('alpine')).variant).toBe('alpineTest');
	});

	it('an explicit choice must be up, and says how to start it', () => {
		expect(pickVariant(['regular'], chooseVariant({env: {USE_ALPINE: 'true'}, recorded: 'regular'}))).toEqual({
			reason: expect.stringMatching(/Alpine stack is not up \(asked for by USE_ALPINE=true\).*alpinist up --alpine/),
		});
	});

	it('nothing up: nothing to verify', () => {
		expect(pickVariant([], byDefault('regular'))).toEqual({reason: expect.stringMatching(/nothing of this project is running/)});
	});
});

describe('recordedStartup', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-startup-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));
	const progress = new ProgressStore({projectPath: '/p', cwd: dir});
	progress.recordStep('up.alpine.healthy', {status: 'pass', data: {projectName: 'p-alpine', startupMs: 3210, containerIds: ['b', 'a']}});

	it('finds the startup measured when these very containers started', () => {
		expect(recordedStartup(progress, 'p-alpine', ['a', 'b'])).toMatchObject({startupMs: 3210, step: 'up.alpine.healthy'});
	});

	it('ignores it for other containers or another project', () => {
		expect(recordedStartup(progress, 'p-alpine', ['a', 'c'])).toBeUndefined();
		expect(recordedStartup(progress, 'p', ['a', 'b'])).toBeUndefined();
		expect(recordedStartup(progress, 'p-alpine', [])).toBeUndefined();
	});
});
