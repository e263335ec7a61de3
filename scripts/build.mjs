#!/usr/bin/env node
// Bundles cli.tsx and everything it imports into dist/cli.js (ESM, minified).
// A bundle starts faster than hundreds of separate module files: see `npm run bench:startup`.
import {rm} from 'node:fs/promises';
import {build} from 'esbuild';
import {confStubs, fastStringWidth, lazyScreens, rewriteDependencies} from './build/plugins.mjs';

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
	// required on first use only (see build/rewrites.mjs), so keeping them out of the bundle spares
	// parsing half a megabyte at every start.
	external: ['cpu-features', 'ssh2', 'react-devtools-core', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'tar-fs', '@balena/dockerignore'],
	plugins: [rewriteDependencies, confStubs, lazyScreens, fastStringWidth],
	// docker-modem's HTTP duplex takes Duplex from readable-stream 3, a copy of Node 10's streams:
	// Node's own stream module serves it without loading the copy.
	alias: {'readable-stream': 'node:stream'},
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __cr} from 'node:module';const require=__cr(import.meta.url);",
	},
	logLevel: 'warning',
	legalComments: 'none',
});
