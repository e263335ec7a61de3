#!/usr/bin/env node
// How long the pre-migration checklist takes on a project (default: the bundled sample stack).
// Runs `alpinist check --json` N times, one after another, and prints min / median / max of the
// list's own duration (from its JSON document: all checks at once, monotonic clock) and of the
// whole process (node start-up included, performance.now() around it).
//
//   node scripts/bench-check.mjs [--runs N] [--project DIR]
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir, loadavg, cpus} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
	const index = args.indexOf(name);
	return index === -1 ? fallback : args[index + 1];
};

const runs = Number(option('--runs', '5'));
const project = path.resolve(option('--project', root));
const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-bench-check-'));
const list = [];
const wall = [];
let last;
try {
	for (let run = 0; run < runs; run++) {
		const started = performance.now();
		let stdout;
		try {
			stdout = execFileSync(process.execPath, [path.join(root, 'dist/cli.js'), 'check', '--json', '--project', project, '--state-dir', stateDir], {encoding: 'utf8'});
		} catch (error) {
			// Exit 1 or 3 still prints the document.
			stdout = error.stdout;
		}

		wall.push(performance.now() - started);
		last = JSON.parse(stdout);
		list.push(last.durationMs);
	}
} finally {
	rmSync(stateDir, {recursive: true, force: true});
}

const stats = values => {
	const sorted = [...values].sort((a, b) => a - b);
	const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	return `min ${Math.round(sorted[0])} ms, median ${Math.round(median)} ms, max ${Math.round(sorted.at(-1))} ms`;
};

console.log(`alpinist check on ${project}: ${runs} runs, ${last.checks.length} checks each, status ${last.status}`);
console.log(`  checklist (all checks at once): ${stats(list)}   target < 2000 ms`);
console.log(`  whole process (node start-up included): ${stats(wall)}`);
console.log(`  slowest check of the last run: ${[...last.checks].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3).map(c => `${c.id} ${c.durationMs} ms`).join(', ')}`);
console.log(`  machine: ${cpus().length} CPUs, load average ${loadavg().map(l => l.toFixed(1)).join(' ')} (other work shares the CPUs)`);
