import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {describe, expect, it} from 'vitest';

/**
 * The npm scripts run on the Node that the `node` devDependency brings (node_modules/.bin comes
 * first on their PATH), whatever the system's Node is.
 */
const require = createRequire(import.meta.url);

describe('runtime', () => {
	it('the tests run on the Node the devDependency installed, at least the engines minimum', () => {
		const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {engines: {node: string}};
		const installed = (require('node/package.json') as {version: string}).version;
		process.stderr.write(`tests run on node ${process.version} at ${process.execPath}\n`);
		expect(process.version).toBe(`v${installed}`);
		expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(Number(/(\d+)/.exec(pkg.engines.node)![1]));
	});
});
