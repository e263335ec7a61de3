#!/usr/bin/env node
// Bundles cli.tsx and everything it imports into dist/cli.js (ESM, minified).
// A bundle starts faster than hundreds of separate module files: see `npm run bench:startup`.
import {readFile, rm} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

/**
 * Start-up work nobody asked for, removed from the bundle (measured with `npm run bench:startup`):
 *
 * - docker-modem loads ssh2 (and its native cpu-features) at import time, for ssh:// hosts only;
 *   dockerode loads gRPC and the proto loader for BuildKit sessions, and tar-fs for build contexts.
 *   alpinist builds through compose, and most engines are a unix socket: those requires are
 *   moved into the functions that use them, so they load on first use.
 * - conf imports ajv, ajv-formats and semver at the top, for schema validation and its own
 *   migrations; the progress store passes neither (it migrates itself), so they are stubs.
 *
 * Each rewrite names the exact text it replaces: when an upgrade changes that text the build fails
 * instead of silently starting slower.
 */
const deferredRequires = [
	{
		file: /docker-modem[\\/]lib[\\/]modem\.js$/,
		from: "ssh = require('./ssh'),",
		to: "ssh = function (opt) { return require('./ssh')(opt); },",
	},
	{
		file: /dockerode[\\/]lib[\\/]docker\.js$/,
		from: "withSession = require('./session'),",
		to: "withSession = function () { return require('./session').apply(this, arguments); },",
	},
	{
		file: /dockerode[\\/]lib[\\/]util\.js$/,
		from: "var DockerIgnore = require('@balena/dockerignore');",
		to: "var DockerIgnore = function () { return require('@balena/dockerignore').apply(this, arguments); };",
	},
	{
		file: /dockerode[\\/]lib[\\/]util\.js$/,
		from: "var tar = require('tar-fs');",
		to: "var tar = {pack: function () { var t = require('tar-fs'); return t.pack.apply(t, arguments); }};",
	},
];

/**
 * yoga-layout (Ink's layout engine) ships its WebAssembly as base64 and loads it with fetch() when
 * fetch exists, which starts Node's whole fetch implementation just to decode a data: URL. Decoding
 * with Buffer is native and needs nothing else.
 */
const yogaWithoutFetch = {
	file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
	from: 'function ya(){return w||"function"!=typeof fetch?',
	to: 'function ya(){w||(w=new Uint8Array(Buffer.from(H.slice(37),"base64")));return w||"function"!=typeof fetch?',
};
deferredRequires.push(yogaWithoutFetch);

/**
 * meow bundles normalize-package-data and evaluates it at import: validate-npm-package-license →
 * spdx-correct sorts its transposition tables then, the costliest single thing before the first
 * frame. meow only calls it when `cli.pkg` is read, which alpinist never does.
 */
deferredRequires.push({
	file: /meow[\\/]build[\\/]dependencies\.js$/,
	from: 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
	to: 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);',
});

const lazyRequires = {
	name: 'lazy-requires',
	setup(build) {
		const files = deferredRequires.map(rewrite => rewrite.file.source).join('|');
		build.onLoad({filter: new RegExp(files)}, async ({path}) => {
			let contents = await readFile(path, 'utf8');
			for (const rewrite of deferredRequires.filter(candidate => candidate.file.test(path))) {
				if (!contents.includes(rewrite.from)) throw new Error(`lazy-requires: "${rewrite.from}" is no longer in ${path}; update scripts/build.mjs`);
				contents = contents.replace(rewrite.from, rewrite.to);
			}

			return {contents, loader: 'js'};
		});
	},
};

/**
 * Screens other than Home load when first opened. source/screens/index.ts keeps plain imports
 * (one line per screen, as tests and tools read it); in the bundle each becomes
 * `lazy(() => import('./Name.js'))`, so a screen's flows and libraries (yaml, dockerfile-ast…)
 * stay off the path to the first frame. The app shows "loading <screen>…" meanwhile (Suspense).
 */
const lazyScreens = {
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
const fastStringWidth = {
	name: 'fast-string-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, async ({path, resolveDir, kind, pluginData}) => {
			if (pluginData?.real) return undefined;
			const real = await build.resolve(path, {resolveDir, kind, pluginData: {real: true}});
			if (real.errors.length > 0) return {errors: real.errors};
			return {path: real.path, namespace: 'fast-string-width'};
		});
		build.onLoad({filter: /.*/, namespace: 'fast-string-width'}, ({path}) => ({
			contents: `import stringWidth from ${JSON.stringify(path)};\nimport {wrap} from ${JSON.stringify(fileURLToPath(new URL('build/fast-string-width.mjs', import.meta.url)))};\nexport default wrap(stringWidth);\n`,
			loader: 'js',
			resolveDir: process.cwd(),
		}));
	},
};

const confStubs = {
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

// Chunk names carry content hashes: start from an empty dist so stale chunks do not pile up.
await rm('dist', {recursive: true, force: true});

await build({
	entryPoints: ['cli.tsx'],
	outdir: 'dist',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: process.env.NO_MINIFY ? false : true,
	sourcemap: 'linked',
	jsx: 'automatic',
	// React and its reconciler pick their production builds (the development ones are twice the size and slower).
	define: {'process.env.NODE_ENV': '"production"'},
	// Native and optional modules stay external: they are resolved from node_modules at run time.
	// So do dockerode's BuildKit session (gRPC, protobuf) and build-context packers: they are
	// required on first use only (see deferredRequires), so keeping them out of the bundle spares
	// parsing half a megabyte at every start.
	external: ['cpu-features', 'ssh2', 'react-devtools-core', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'tar-fs', '@balena/dockerignore'],
	plugins: [lazyRequires, confStubs, lazyScreens, fastStringWidth],
	// docker-modem's HTTP duplex takes Duplex from readable-stream 3, a copy of Node 10's streams:
	// Node's own stream module serves it without loading the copy.
	alias: {'readable-stream': 'node:stream'},
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __cr} from 'node:module';const require=__cr(import.meta.url);",
	},
	logLevel: 'warning',
	legalComments: 'none',
});
