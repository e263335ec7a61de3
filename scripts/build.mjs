#!/usr/bin/env node
// Bundles cli.tsx and everything it imports into dist/cli.js (ESM, minified), split into chunks
// at every dynamic import: each command, each screen but Home (React.lazy in
// source/screens/index.ts) and the TUI itself load when they are used, so a headless command
// loads no Ink or React. Dependencies are bundled as they are published: no text of theirs is
// changed, so an upgrade needs nothing here. Three optional packages that dependencies require at
// import time load on first use (build/on-demand.mjs). See `npm run bench startup`.
// `node scripts/build.mjs --metafile` also writes dist/meta.json (what each chunk holds).
import {chmod, readFile, rm, writeFile} from 'node:fs/promises';
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
	// The bundle's entry is main.js; cli.js (written below) checks the Node version, then loads it.
	entryPoints: [{in: 'cli.tsx', out: 'main'}],
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

// On an older Node the bundle fails while its modules load, with an error that names none of the
// cause; this entry loads nothing before it has compared the version with package.json's engines.
const {engines} = JSON.parse(await readFile('package.json', 'utf8'));
const minimum = Number(/(\d+)/.exec(engines.node)[1]);
await writeFile(
	`${outdir}/cli.js`,
	`#!/usr/bin/env node
// alpinist's entry: the Node version first (package.json: engines.node ${engines.node}), then the bundle.
if (Number(process.versions.node.split('.')[0]) < ${minimum}) {
	process.stderr.write('alpinist needs Node.js ${minimum} or newer (package.json engines: ${engines.node}); this is Node ' + process.version + ' at ' + process.execPath + '.\\nIn a checkout, \`npm install\` brings Node 24 and the npm scripts use it (npm start, npm test); elsewhere install Node ${minimum}+.\\n');
	process.exit(2);
}
await import('./main.js');
`,
);
await chmod(`${outdir}/cli.js`, 0o755);
