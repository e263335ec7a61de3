// esbuild plugins of scripts/build.mjs: each takes start-up work off the path to the first frame
// (measured with `npm run bench:startup`).
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {applyRewrites, rewrittenFiles} from './rewrites.mjs';

/** The text rewrites of scripts/build/rewrites.mjs. */
export const rewriteDependencies = {
	name: 'rewrite-dependencies',
	setup(build) {
		build.onLoad({filter: rewrittenFiles}, async ({path}) => ({contents: applyRewrites(path, await readFile(path, 'utf8')), loader: 'js'}));
	},
};

/**
 * Screens other than Home load when first opened. source/screens/index.ts keeps plain imports
 * (one line per screen, as tests and tools read it); in the bundle each becomes
 * `lazy(() => import('./Name.js'))`, so a screen's flows and libraries (yaml, dockerfile-ast…)
 * stay off the path to the first frame. The app shows "loading <screen>…" meanwhile (Suspense).
 */
export const lazyScreens = {
	name: 'lazy-screens',
	setup(build) {
		build.onLoad({filter: /source[\\/]screens[\\/]index\.ts$/}, async ({path}) => {
			let contents = await readFile(path, 'utf8');
			const imports = [...contents.matchAll(/^import (\w+) from '\.\/(\w+)\.js';\n/gm)].filter(([, name]) => name !== 'Home');
			for (const [line, name, file] of imports) {
				const usage = new RegExp(`component: ${name}\\b`);
				if (!usage.test(contents)) throw new Error(`lazy-screens: ${name} is imported but not used as "component: ${name}" in ${path}`);
				contents = contents.replace(line, '').replace(usage, `component: __lazyScreen(() => import('./${file}.js'))`);
			}

			return {contents: `import {lazy as __lazyScreen} from 'react';\n${contents}`, loader: 'ts'};
		});
	},
};

/**
 * Every `string-width` import (each version in node_modules) gets the same answers through
 * scripts/build/fast-string-width.mjs: remembered, and without the general path for plain text.
 */
export const fastStringWidth = {
	name: 'fast-string-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, async ({path, resolveDir, kind, pluginData}) => {
			if (pluginData?.real) return undefined;
			const real = await build.resolve(path, {resolveDir, kind, pluginData: {real: true}});
			if (real.errors.length > 0) return {errors: real.errors};
			return {path: real.path, namespace: 'fast-string-width'};
		});
		build.onLoad({filter: /.*/, namespace: 'fast-string-width'}, ({path}) => ({
			contents: `import stringWidth from ${JSON.stringify(path)};\nimport {wrap} from ${JSON.stringify(fileURLToPath(new URL('fast-string-width.mjs', import.meta.url)))};\nexport default wrap(stringWidth);\n`,
			loader: 'js',
			resolveDir: process.cwd(),
		}));
	},
};

/**
 * conf imports ajv, ajv-formats and semver at the top, for schema validation and its own
 * migrations; the progress store passes neither (it migrates itself), so in the bundle they are
 * stubs that fail loudly if that ever changes.
 */
export const confStubs = {
	name: 'conf-without-schema',
	setup(build) {
		build.onResolve({filter: /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/}, ({path, importer}) =>
			/[\\/]conf[\\/]dist[\\/]/.test(importer) ? {path, namespace: 'conf-stub'} : undefined,
		);
		build.onLoad({filter: /.*/, namespace: 'conf-stub'}, ({path}) => {
			const fail = `() => { throw new Error('alpinist bundles conf without ${path} (no schema, no conf migrations)'); }`;
			const contents =
				path === 'ajv/dist/2020.js'
					? `export class Ajv2020 { constructor() { (${fail})(); } }`
					: path === 'semver'
						? `const fail = ${fail}; export default {eq: fail, clean: fail, satisfies: fail, lte: fail, gt: fail, valid: fail};`
						: `export default {default: ${fail}};`;
			return {contents, loader: 'js'};
		});
	},
};

