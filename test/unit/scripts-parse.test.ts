import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../helpers/context.js';

// The benchmark and build scripts run only by hand (npm run bench …): each must at least parse.
const scripts = ['scripts', 'scripts/bench', 'scripts/build'].flatMap(dir =>
	readdirSync(path.join(repoRoot, dir))
		.filter(file => file.endsWith('.mjs') || file.endsWith('.cjs'))
		.map(file => path.join(dir, file)),
);

describe('the scripts of scripts/', () => {
	it('are found', () => {
		expect(scripts).toContain('scripts/bench/status.mjs');
	});

	it.each(scripts)('%s parses', script => {
		const result = spawnSync(process.execPath, ['--check', path.join(repoRoot, script)], {encoding: 'utf8'});
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
	});
});
