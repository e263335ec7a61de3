import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../helpers/context.js';

/** Every relative import of each module in source/ and cli.tsx: static, type-only and import(). */
function importGraph(): Map<string, string[]> {
	const files: string[] = [path.join(repoRoot, 'cli.tsx')];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir)) {
			const file = path.join(dir, entry);
			if (statSync(file).isDirectory()) walk(file);
			else if (/\.tsx?$/.test(entry)) files.push(file);
		}
	};

	walk(path.join(repoRoot, 'source'));
	const known = new Set(files);
	const graph = new Map<string, string[]>();
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		const targets = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'|\bimport\('(\.[^']+)'\)/gm)].map(match => match[1] ?? match[2]!);
		graph.set(
			file,
			targets.flatMap(target => {
				const base = path.resolve(path.dirname(file), target).replace(/\.js$/, '');
				return ['.ts', '.tsx'].map(ext => base + ext).filter(candidate => known.has(candidate));
			}),
		);
	}

	return graph;
}

function cycles(graph: Map<string, string[]>): string[] {
	const found: string[] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (node: string) => {
		state.set(node, 'open');
		stack.push(node);
		for (const next of graph.get(node) ?? []) {
			if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)).map(file => path.relative(repoRoot, file)).join(' → '));
			else if (!state.has(next)) visit(next);
		}

		stack.pop();
		state.set(node, 'done');
	};

	for (const node of graph.keys()) if (!state.has(node)) visit(node);
	return found;
}

describe('the module graph', () => {
	it('has no import cycle in source/, type-only imports and import() counted', () => {
		const graph = importGraph();
		expect(graph.size).toBeGreaterThan(100);
		expect(cycles(graph)).toEqual([]);
	});

	it('would see one: a cycle made of two of its modules is found', () => {
		const graph = importGraph();
		const [a, b] = [...graph.keys()].filter(file => file.includes(`${path.sep}flows${path.sep}`));
		graph.set(a!, [...graph.get(a!)!, b!]);
		graph.set(b!, [...graph.get(b!)!, a!]);
		expect(cycles(graph).length).toBeGreaterThan(0);
	});
});
