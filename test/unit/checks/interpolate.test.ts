import {describe, expect, it} from 'vitest';
import {interpolate, parseDotEnv} from '../../../source/project/compose-model/interpolate.js';

describe('interpolate', () => {
	const env = {SET: 'value', EMPTY: '', PORT: '18002'};

	it('substitutes $VAR and ${VAR}, and keeps $$ as a dollar', () => {
		expect(interpolate('$SET-${SET} $$HOME', env).value).toBe('value-value $HOME');
	});

	it('applies :- to unset and empty, - to unset only', () => {
		expect(interpolate('${EMPTY:-d} ${EMPTY-d} ${NOPE-d} ${NOPE:-d}', env).value).toBe('d  d d');
	});

	it('applies :+ and + alternatives', () => {
		expect(interpolate('${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}|${NOPE+alt}', env).value).toBe('alt||alt|');
	});

	it('resolves a default that holds another variable', () => {
		const result = interpolate('${NOPE:-${PORT}}:80', env);
		expect(result.value).toBe('18002:80');
		expect(result.variables).toEqual(expect.arrayContaining(['NOPE', 'PORT']));
	});

	it('reports unset variables without default as missing, and :? as an error', () => {
		const result = interpolate('${NOPE} ${REQUIRED:?set REQUIRED}', env);
		expect(result.missing).toEqual(['NOPE']);
		expect(result.errors).toEqual(['REQUIRED: set REQUIRED']);
	});
});

describe('parseDotEnv', () => {
	it('reads KEY=value lines with comments, quotes and export', () => {
		expect(parseDotEnv('# c\nA=1\nexport B="two words"\nC=3 # note\nbad line\n')).toEqual({A: '1', B: 'two words', C: '3'});
	});
});
