import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Integration tests share one engine and two cores: run files one at a time,
		// each with its own compose project name.
		fileParallelism: false,
		testTimeout: 120_000,
		hookTimeout: 300_000,
		reporters: ['default'],
	},
});
