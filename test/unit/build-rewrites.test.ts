import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
// @ts-expect-error a plain .mjs build helper without types
import {applyRewrites, rewrites} from '../../scripts/build/rewrites.mjs';

/**
 * The bundle rewrites some dependency code for start-up speed (scripts/build/rewrites.mjs). Each
 * rewrite must still find its text in the installed version, and the frame-drawing one must give
 * exactly the text the original gives.
 */

const require = createRequire(import.meta.url);
const tmp = mkdtempSync(path.join(tmpdir(), 'alpinist-rewrites-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

describe('build rewrites', () => {
	it('every rewrite finds its text in the installed dependency', () => {
		const files = new Map<RegExp, string>([
			[/docker-modem[\\/]lib[\\/]modem\.js$/, require.resolve('docker-modem/lib/modem.js')],
			[/dockerode[\\/]lib[\\/]docker\.js$/, path.join(path.dirname(require.resolve('dockerode')), 'docker.js')],
			[/dockerode[\\/]lib[\\/]util\.js$/, path.join(path.dirname(require.resolve('dockerode')), 'util.js')],
		]);
		for (const rewrite of rewrites as Array<{file: RegExp; from: string}>) {
			const file = [...files].find(([pattern]) => pattern.source === rewrite.file.source)?.[1];
			if (!file) continue;
			expect(readFileSync(file, 'utf8'), `${rewrite.from} in ${file}`).toContain(rewrite.from);
		}
	});

	it('ansi-tokenize draws the same text rewritten as original', async () => {
		const build = path.dirname(fileURLToPath(import.meta.resolve('@alcalzone/ansi-tokenize')));
		const original = readFileSync(path.join(build, 'styledChars.js'), 'utf8');
		const rewritten = applyRewrites(path.join(build, 'styledChars.js'), original).replace(/^\/\/# sourceMappingURL=.*$/m, '').replace(/from "\.\/(\w+)\.js"/g, (_: string, name: string) => `from ${JSON.stringify(pathToFileURL(path.join(build, `${name}.js`)).href)}`);
		expect(rewritten).not.toBe(original);
		const file = path.join(tmp, 'styledChars.mjs');
		writeFileSync(file, rewritten);
		const fast = await import(pathToFileURL(file).href);
		const slow = await import(pathToFileURL(path.join(build, 'styledChars.js')).href);
		const {tokenize} = await import(pathToFileURL(path.join(build, 'tokenize.js')).href);
		const lines = [
			'',
			'plain text',
			'\u001B[1m\u001B[36malpinist\u001B[39m\u001B[22m\u001B[2m › \u001B[22m\u001B[1mHome\u001B[22m\u001B[2m  project \u001B[22msample',
			'\u001B[90m·\u001B[39m \u001B[1mInfrastructure\u001B[22m\u001B[2m todo\u001B[22m',
			'\u001B[7m› \u001B[1mChecklist       \u001B[22mPre-migration\u001B[27m',
			'\u001B[31mred \u001B[1mbold red\u001B[0m reset \u001B[4munder\u001B[24m',
			'\u001B[1m\u001B[2mbold dim\u001B[22m none',
			'日本\u001B[32m語\u001B[39m wide',
		];
		for (const line of lines) {
			// As Ink does: a row of blank cells written over by the line's characters.
			const row = (chars: Array<{value: string; styles: unknown[]}>) => [...chars, ...Array.from({length: 5}, () => ({type: 'char', value: ' ', fullWidth: false, styles: []}))];
			const before = slow.styledCharsToString(row(slow.styledCharsFromTokens(tokenize(line))));
			const after = fast.styledCharsToString(row(fast.styledCharsFromTokens(tokenize(line))));
			expect(after, JSON.stringify(line)).toBe(before);
		}
	});
});
