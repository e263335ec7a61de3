#!/usr/bin/env node
// Bundles cli.tsx and everything it imports into dist/cli.js (ESM, minified).
// A bundle starts faster than hundreds of separate module files: see `npm run bench:startup`.
import {build} from 'esbuild';

await build({
	entryPoints: ['cli.tsx'],
	outdir: 'dist',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: true,
	sourcemap: 'linked',
	jsx: 'automatic',
	// Native and optional modules stay external: they are resolved from node_modules at run time.
	external: ['cpu-features', 'ssh2', 'react-devtools-core'],
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __cr} from 'node:module';const require=__cr(import.meta.url);",
	},
	logLevel: 'warning',
	legalComments: 'none',
});
