#!/usr/bin/env node
// Says which Node runs the npm scripts, and stops when it is older than package.json's engines.
// npm puts node_modules/.bin first on a script's PATH, so the `node` devDependency (Node 24)
// runs `npm start`, `npm test`, vitest and tsx even where the system's Node is older.
import {readFileSync} from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const minimum = Number(/(\d+)/.exec(pkg.engines.node)[1]);
const major = Number(process.versions.node.split('.')[0]);
process.stderr.write(`node ${process.version} (${process.execPath})\n`);
if (major < minimum) {
	process.stderr.write(`alpinist needs Node ${pkg.engines.node}: run \`npm install\` (it brings Node 24 as a devDependency) and use the npm scripts, or install Node ${minimum}+\n`);
	process.exit(2);
}
