// esbuild plugin of scripts/build.mjs: optional, costly packages that dependencies require at
// import time are loaded on first use instead. It works on package names only (no text of any
// dependency is changed): a require('<name>') gets scripts/build/on-demand-runtime.cjs's stand-in,
// which requires the real package, from node_modules, when an export is first used.
//
// - ssh2 (and its native cpu-features): docker-modem requires it for ssh:// engines only.
// - @grpc/grpc-js and @grpc/proto-loader (with protobufjs): dockerode requires them for BuildKit
//   sessions, which alpinist never opens (it builds through compose).
//
// `npm run bench startup` and `npm run bench status` measure what this saves (run them with
// ALPINIST_BUILD_PLAIN=1 for the bundle without it); test/unit/on-demand.test.ts checks that a
// stand-in behaves as the package does.
import {fileURLToPath} from 'node:url';

export const onDemandPackages = ['ssh2', '@grpc/grpc-js', '@grpc/proto-loader'];
const runtime = fileURLToPath(new URL('on-demand-runtime.cjs', import.meta.url));
const names = new RegExp(`^(${onDemandPackages.map(name => name.replace(/[/.]/g, '\\$&')).join('|')})$`);

export const onDemand = {
	name: 'on-demand',
	setup(build) {
		// The stand-in's own require of the package stays a run-time require, from node_modules.
		build.onResolve({filter: names}, ({path, namespace}) => (namespace === 'on-demand' ? {path, external: true} : {path, namespace: 'on-demand'}));
		build.onLoad({filter: /.*/, namespace: 'on-demand'}, ({path}) => ({
			contents: `const {onDemand} = require(${JSON.stringify(runtime)});\nmodule.exports = onDemand(() => require(${JSON.stringify(path)}));\n`,
			loader: 'js',
			resolveDir: process.cwd(),
		}));
	},
};
