import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {contextReader} from '../../source/dockerfile/file.js';

// A build context with a script inside, a secret beside it, and links pointing in and out.
const top = mkdtempSync(path.join(tmpdir(), 'alpinist-context-'));
const context = path.join(top, 'app');
mkdirSync(path.join(context, 'scripts'), {recursive: true});
writeFileSync(path.join(context, 'scripts', 'entrypoint.sh'), '#!/bin/bash\necho hi\n');
writeFileSync(path.join(top, 'secret'), 'outside the context\n');
symlinkSync(path.join(top, 'secret'), path.join(context, 'leak'));
symlinkSync(path.join(context, 'scripts', 'entrypoint.sh'), path.join(context, 'start.sh'));
afterAll(() => rmSync(top, {recursive: true, force: true}));

describe('contextReader: files of a build context, never outside it', () => {
	const read = contextReader(context);
	it('reads a file of the context, by a relative or a leading-slash name', () => {
		expect(read('scripts/entrypoint.sh')).toContain('#!/bin/bash');
		expect(read('/scripts/entrypoint.sh')).toContain('#!/bin/bash');
	});

	it('follows a link that stays inside the context', () => {
		expect(read('start.sh')).toContain('echo hi');
	});

	it('refuses .. out of the context and a link that leads out of it', () => {
		expect(read('../secret')).toBeUndefined();
		expect(read('scripts/../../secret')).toBeUndefined();
		expect(read('leak')).toBeUndefined();
	});

	it('answers undefined for a missing file', () => {
		expect(read('scripts/missing.sh')).toBeUndefined();
	});
});
