import {describe, expect, it} from 'vitest';
import {chooseVariant, isExplicit, parseUseAlpine} from '../../source/flows/variant-choice.js';

describe('parseUseAlpine', () => {
	it('reads the spellings the guide and shells use', () => {
		for (const value of ['true', 'TRUE', '1', 'yes', 'on', ' true ']) expect(parseUseAlpine(value)).toBe(true);
		for (const value of ['false', 'False', '0', 'no', 'off']) expect(parseUseAlpine(value)).toBe(false);
	});

	it('treats unset or empty as no choice', () => {
		expect(parseUseAlpine(undefined)).toBeUndefined();
		expect(parseUseAlpine('')).toBeUndefined();
	});

	it('rejects anything else with a message naming the variable', () => {
		expect(() => parseUseAlpine('maybe')).toThrow(/USE_ALPINE="maybe"/);
	});
});

describe('chooseVariant: flag > USE_ALPINE > recorded default', () => {
	it('the flag wins over the environment and the default', () => {
		expect(chooseVariant({flag: false, env: {USE_ALPINE: 'true'}, recorded: 'alpine'})).toMatchObject({variant: 'regular', source: 'flag', reason: '--no-alpine'});
		expect(chooseVariant({flag: true, env: {USE_ALPINE: 'false'}, recorded: 'regular'})).toMatchObject({variant: 'alpine', source: 'flag'});
	});

	it('the environment wins over the default', () => {
		expect(chooseVariant({env: {USE_ALPINE: 'true'}, recorded: 'regular'})).toMatchObject({variant: 'alpine', source: 'env', reason: 'USE_ALPINE=true'});
		expect(chooseVariant({env: {USE_ALPINE: '0'}, recorded: 'alpine'})).toMatchObject({variant: 'regular', source: 'env'});
	});

	it('falls back to the recorded default', () => {
		const choice = chooseVariant({env: {}, recorded: 'alpine'});
		expect(choice).toMatchObject({variant: 'alpine', source: 'default'});
		expect(isExplicit(choice)).toBe(false);
		expect(isExplicit(chooseVariant({flag: true, env: {}, recorded: 'regular'}))).toBe(true);
	});
});
