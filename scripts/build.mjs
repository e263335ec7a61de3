#!/usr/bin/env node
// Bundles cli.tsx and everything it imports into dist/cli.js (ESM, minified).
// A bundle starts faster than hundreds of separate module files: see `npm run bench:startup`.
import {readFile} from 'node:fs/promises';
import {build} from 'esbuild';

/**
 * Two start-up costs of the Docker client that every command paid, removed at bundle time:
 * docker-modem formats every request with util.inspect for its debug log even when that log is
 * off (about 1 ms a request), and dockerode loads gRPC and protobuf at start for BuildKit
 * sessions that only `buildImage` with version 2 uses (now required on first use).
 */
const dockerClientStartup = {
	name: 'docker-client-startup',
	setup(builder) {
		const patch = (file, from, to) => {
			builder.onLoad({filter: file}, async ({path}) => {
				const source = await readFile(path, 'utf8');
				if (!source.includes(from)) throw new Error(`build: ${path} changed; review the start-up patch`);
				return {contents: source.replace(from, to), loader: 'js'};
			});
		};

		patch(/docker-modem[\\/]lib[\\/]modem\.js$/, "debug('Sending: %s', util.inspect(options, {", "debug.enabled && debug('Sending: %s', util.inspect(options, {");
		patch(/dockerode[\\/]lib[\\/]docker\.js$/, "withSession = require('./session'),", "withSession = function () { return require('./session').apply(this, arguments); },");
	},
};

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
	// React and its reconciler pick their production build from NODE_ENV: without this the bundle
	// runs React's development build (several times slower per render).
	define: {'process.env.NODE_ENV': '"production"'},
	// Native and optional modules stay external: they are resolved from node_modules at run time.
	external: ['cpu-features', 'ssh2', 'react-devtools-core'],
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __cr} from 'node:module';const require=__cr(import.meta.url);",
	},
	plugins: [dockerClientStartup],
	logLevel: 'warning',
	legalComments: 'none',
});
