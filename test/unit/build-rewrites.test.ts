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

	it('ansi-tokenize tokenizes and draws the same text rewritten as original', async () => {
		const build = path.dirname(fileURLToPath(import.meta.resolve('@alcalzone/ansi-tokenize')));
		const rewritten = async (name: string) => {
			const original = readFileSync(path.join(build, `${name}.js`), 'utf8');
			const text = applyRewrites(path.join(build, `${name}.js`), original)
				.replace(/^\/\/# sourceMappingURL=.*$/m, '')
				.replace(/from "\.\/(\w+)\.js"/g, (_: string, module: string) => `from ${JSON.stringify(pathToFileURL(path.join(build, `${module}.js`)).href)}`)
				.replace(/from "([\w-]+)"/g, (_: string, module: string) => `from ${JSON.stringify(import.meta.resolve(module))}`);
			expect(text, `${name}.js is rewritten`).not.toBe(original);
			const file = path.join(tmp, `${name}.mjs`);
			writeFileSync(file, text);
			return import(pathToFileURL(file).href);
		};

		const fast = {...(await rewritten('styledChars')), ...(await rewritten('tokenize'))};
		const slow = {
			...(await import(pathToFileURL(path.join(build, 'styledChars.js')).href)),
			...(await import(pathToFileURL(path.join(build, 'tokenize.js')).href)),
		};
		const lines = [
			'',
			'plain text',
			'\u001B[1m\u001B[36malpinist\u001B[39m\u001B[22m\u001B[2m › \u001B[22m\u001B[1mHome\u001B[22m\u001B[2m  project \u001B[22msample',
			'\u001B[90m·\u001B[39m \u001B[1mInfrastructure\u001B[22m\u001B[2m todo\u001B[22m',
			'\u001B[7m› \u001B[1mChecklist       \u001B[22mPre-migration\u001B[27m',
			'\u001B[31mred \u001B[1mbold red\u001B[0m reset \u001B[4munder\u001B[24m',
			'\u001B[1m\u001B[2mbold dim\u001B[22m none',
			'\u001B[38;5;208m256 colours\u001B[39m \u001B[38;2;1;2;3mtrue colour\u001B[39m',
			'\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007 after',
			'⠋ running ✓ pass ✗ fail ➜ next ─────',
			'日本\u001B[32m語\u001B[39m wide',
			'e\u0301 combining 👍🏽 emoji',
		];
		for (const line of lines) {
			expect(fast.tokenize(line), `tokens of ${JSON.stringify(line)}`).toEqual(slow.tokenize(line));
			expect(fast.tokenize(line, 5), `first 5 columns of ${JSON.stringify(line)}`).toEqual(slow.tokenize(line, 5));
			// As Ink does: a row of blank cells written over by the line's characters.
			const row = (chars: Array<{value: string; styles: unknown[]}>) => [...chars, ...Array.from({length: 5}, () => ({type: 'char', value: ' ', fullWidth: false, styles: []}))];
			const before = slow.styledCharsToString(row(slow.styledCharsFromTokens(slow.tokenize(line))));
			const after = fast.styledCharsToString(row(fast.styledCharsFromTokens(fast.tokenize(line))));
			expect(after, JSON.stringify(line)).toBe(before);
		}
	});
});
