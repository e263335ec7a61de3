#!/usr/bin/env node
// Bundles cli.tsx and everything it imports into dist/cli.js (ESM, minified), split into chunks
// at every dynamic import: each command, each screen but Home (React.lazy in
// source/screens/index.ts) and the TUI itself load when they are used, so a headless command
// loads no Ink or React. Dependencies are bundled as they are published: no text of theirs is
// changed, so an upgrade needs nothing here. Three optional packages that dependencies require at
// import time load on first use (build/on-demand.mjs). See `npm run bench startup`.
// `node scripts/build.mjs --metafile` also writes dist/meta.json (what each chunk holds).
import {rm, writeFile} from 'node:fs/promises';
import {build} from 'esbuild';
import {onDemand, onDemandPackages} from './build/on-demand.mjs';

// ALPINIST_BUILD_PLAIN=1 builds without the on-demand plugin, for the benchmarks' comparison;
// --outdir DIR builds elsewhere than dist/ (the benchmarks' second bundle).
const plain = Boolean(process.env.ALPINIST_BUILD_PLAIN);
const at = process.argv.indexOf('--outdir');
const outdir = at === -1 ? 'dist' : process.argv[at + 1];

// Chunk names carry content hashes: start from an empty dist so stale chunks do not pile up.
await rm(outdir, {recursive: true, force: true});

const result = await build({
	entryPoints: ['cli.tsx'],
	outdir,
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node22',
	minify: process.env.NO_MINIFY ? false : true,
	sourcemap: 'linked',
	jsx: 'automatic',
	metafile: process.argv.includes('--metafile'),
	// React and its reconciler pick their production builds (the development ones are twice the size and slower).
	define: {'process.env.NODE_ENV': '"production"'},
	// Native and optional modules stay external: they are resolved from node_modules at run time.
	external: ['cpu-features', 'react-devtools-core', ...(plain ? onDemandPackages : [])],
	plugins: plain ? [] : [onDemand],
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __cr} from 'node:module';const require=__cr(import.meta.url);",
	},
	logLevel: 'warning',
	legalComments: 'none',
});
if (result.metafile) await writeFile(`${outdir}/meta.json`, JSON.stringify(result.metafile));
