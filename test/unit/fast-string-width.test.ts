import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
// @ts-expect-error a plain .mjs build helper without types
import {narrow, wrap} from '../../scripts/build/fast-string-width.mjs';

/** The build swaps every string-width for wrap(string-width): its answers must be string-width's. */

// wrap-ansi carries its own (older) string-width: the build wraps that one too.
const require = createRequire(import.meta.url);
const wrapAnsiDir = path.dirname(require.resolve('wrap-ansi'));
const versions: Array<[string, (text: string) => number]> = [['string-width (Ink)', stringWidth]];
try {
	const nested = path.join(wrapAnsiDir, 'node_modules', 'string-width', 'index.js');
	versions.push(['string-width (wrap-ansi)', (await import(pathToFileURL(nested).href)).default]);
} catch {}

const narrowCodePoints = () => {
	const points: number[] = [];
	for (let code = 0; code <= 0xffff; code++) if (narrow.test(String.fromCharCode(code))) points.push(code);
	return points;
};

describe('fast string width', () => {
	it.each(versions)('every character of the narrow class is one column for %s, alone and beside others', (_name, real) => {
		const points = narrowCodePoints();
		expect(points.length).toBeGreaterThan(1000);
		for (const code of points) {
			const char = String.fromCharCode(code);
			if (real(char) !== 1 || real(`a${char}b`) !== 3 || real(char + char) !== 2) throw new Error(`U+${code.toString(16)} is not one column for string-width`);
		}
	});

	it.each(versions)('gives what %s gives, remembered', (_name, real) => {
		const fast = wrap(real);
		const samples = [
			'',
			'alpinist › Home  project sample',
			' · Infrastructure todo',
			'    ➜ Pre-migration checklist passes',
			'───────────────────',
			'✓ pass  ✗ fail  ⠋ running  … more',
			'café naïve Ελληνικά Кириллица',
			'\u001B[31mred\u001B[39m',
			'\u001B[1m\u001B[36malpinist\u001B[39m\u001B[22m\u001B[2m › \u001B[22m\u001B[1mHome\u001B[22m',
			'\u001B[90m·\u001B[39m \u001B[1mInfrastructure\u001B[22m\u001B[2m todo\u001B[22m',
			'\u001B[38;5;208morange\u001B[0m 日本',
			'\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007',
			'\u001B[2Kerased',
			'e\u0301 combining',
			'日本語 wide',
			'✅ emoji ❌ ➕',
			'👍🏽 👨‍👩‍👧 🇩🇪',
			'↔️ with VS16',
			'tab\there',
			'\u00AD soft hyphen',
		];
		for (const text of samples) {
			expect(fast(text), JSON.stringify(text)).toBe(real(text));
			expect(fast(text), `${JSON.stringify(text)} again`).toBe(real(text));
		}

		expect(fast('日本', {ambiguousIsNarrow: false})).toBe(real('日本'));
	});
});
