import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

// dist/cli.js on a Node older than engines: the system's Node where it is older (these machines
// ship Node 20), found on PATH without node_modules/.bin, which npm scripts put first.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const systemPath = (process.env.PATH ?? '').split(path.delimiter).filter(dir => !dir.includes(`${path.sep}node_modules${path.sep}`)).join(path.delimiter);
function systemNode(): {path: string; major: number} | undefined {
	try {
		const found = execFileSync('sh', ['-c', 'command -v node'], {env: {PATH: systemPath}, encoding: 'utf8'}).trim();
		const version = execFileSync(found, ['-p', 'process.versions.node'], {encoding: 'utf8'}).trim();
		return {path: found, major: Number(version.split('.')[0])};
	} catch {
		return undefined;
	}
}

const old = systemNode();
const why = !existsSync(cli) ? 'dist/cli.js is not built' : !old ? 'no system Node on PATH' : old.major >= 22 ? `the system Node is ${old.major}, not older than 22` : undefined;

describe.skipIf(why !== undefined)(`dist/cli.js on an older Node${why ? ` (skipped: ${why})` : ''}`, () => {
	it('says which Node it needs and which one runs, before any of the bundle loads, and exits 2', () => {
		const result = spawnSync(old!.path, [cli, 'status', '--json'], {encoding: 'utf8', env: {...process.env, PATH: systemPath}});
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('alpinist needs Node.js 22 or newer');
		expect(result.stderr).toContain(`this is Node v${old!.major}.`);
		expect(result.stderr).toContain('npm install');
		expect(result.stdout).toBe('');
	});
});
