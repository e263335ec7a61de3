#!/usr/bin/env node
// Benchmarks, one subcommand per file in scripts/bench/: `node scripts/bench.mjs <name> [options]`.
// A subcommand module exports `summary` (one line for the list below) and `run(args)`.
import {readdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench');
const available = readdirSync(dir)
	.filter(file => file.endsWith('.mjs') && !file.startsWith('_'))
	.map(file => file.slice(0, -'.mjs'.length))
	.sort();

async function usage(stream) {
	const lines = ['Usage: node scripts/bench.mjs <name> [options]', '', 'Benchmarks:'];
	for (const name of available) {
		const module = await import(pathToFileURL(path.join(dir, `${name}.mjs`)).href);
		lines.push(`  ${name.padEnd(12)}${module.summary ?? ''}`);
	}

	stream.write(`${lines.join('\n')}\n`);
}

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h') {
	await usage(process.stdout);
	process.exitCode = name ? 0 : 2;
} else if (!available.includes(name)) {
	process.stderr.write(`bench: unknown benchmark "${name}"\n`);
	await usage(process.stderr);
	process.exitCode = 2;
} else {
	const module = await import(pathToFileURL(path.join(dir, `${name}.mjs`)).href);
	process.exitCode = (await module.run(args)) ?? 0;
}
