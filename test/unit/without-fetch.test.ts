import {describe, expect, it} from 'vitest';
import {withoutFetch} from '../../source/start/without-fetch.js';

describe('withoutFetch', () => {
	it('hides the global fetch while loading, and puts the same one back', async () => {
		const before = globalThis.fetch;
		const seen = await withoutFetch(async () => typeof globalThis.fetch);
		expect(seen).toBe('undefined');
		expect(globalThis.fetch).toBe(before);
	});

	it('puts fetch back when loading fails', async () => {
		const before = globalThis.fetch;
		await expect(withoutFetch(async () => Promise.reject(new Error('no module')))).rejects.toThrow('no module');
		expect(globalThis.fetch).toBe(before);
	});

	it('Ink loaded without fetch lays out and draws', async () => {
		const {renderToString, Box, Text} = await withoutFetch(async () => import('ink'));
		const {createElement} = await import('react');
		expect(renderToString(createElement(Box, {borderStyle: 'single', width: 12}, createElement(Text, null, 'yoga')))).toContain('│yoga      │');
	});
});
