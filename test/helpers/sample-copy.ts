import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {repoRoot} from './context.js';

/**
 * A copy of the bundled sample project (compose/, docker/, alpinist.config.json) under the system's
 * temporary directory, to change files in without touching the repository. `name` goes into every
 * alpinist.config.json of the copy, so a command that discovers the project on its own gets the
 * same unique compose project names as testContext(name).
 */
export function sampleCopy(prefix: string, name: string) {
	const root = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
	for (const entry of ['compose', 'docker', 'alpinist.config.json']) cpSync(path.join(repoRoot, entry), path.join(root, entry), {recursive: true});
	for (const config of [path.join(root, 'alpinist.config.json'), path.join(root, 'compose', 'broken', 'alpinist.config.json')]) {
		const parsed = JSON.parse(readFileSync(config, 'utf8'));
		writeFileSync(config, `${JSON.stringify({...parsed, name}, null, '\t')}\n`);
	}

	return {
		root,
		file: (relative: string) => path.join(root, relative),
		read: (relative: string) => readFileSync(path.join(root, relative), 'utf8'),
		write: (relative: string, text: string) => writeFileSync(path.join(root, relative), text),
		remove: () => rmSync(root, {recursive: true, force: true}),
	};
}
