import {describe, expect, it} from 'vitest';
import {commands} from '../../source/commands/index.js';

describe('the commands table', () => {
	it('is the one place of each summary: every entry loads the command of its name, which writes none of its own', async () => {
		for (const entry of commands) {
			const command = await entry.load();
			expect(command.name, entry.name).toBe(entry.name);
			expect(entry.summary.length, entry.name).toBeGreaterThan(10);
			expect(Object.hasOwn(command, 'summary'), entry.name).toBe(false);
		}
	});
});
