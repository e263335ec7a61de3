import {execFileSync, spawnSync} from 'node:child_process';
import path from 'node:path';
import {repoRoot} from './context.js';

export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

/** Builds dist/cli.js (each test file that runs the CLI calls this once in beforeAll). */
export function buildCli(): void {
	execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], {cwd: repoRoot, stdio: 'inherit'});
}

export type PtyRun = {firstOutputMs: number | null; matchMs: number | null; exitCode: number | null; signal: number | null; tail: string | null};

/**
 * Runs a command in a pseudo-terminal (so Ink draws) until `pattern` shows, optionally sends a
 * signal then, and reports how it ended. Uses the benchmarks' runner (python3's pty module).
 */
export function runInPty(command: string[], options: {pattern: string; timeoutMs?: number; env?: Record<string, string | null>; signalAfterMatch?: string}): PtyRun {
	const config = {
		command,
		pattern: options.pattern,
		runs: 1,
		cols: 120,
		rows: 35,
		timeoutMs: options.timeoutMs ?? 20_000,
		// Ink draws nothing until exit when it thinks it runs in CI.
		env: {CI: null, CONTINUOUS_INTEGRATION: null, ...options.env},
		signalAfterMatch: options.signalAfterMatch,
	};
	const result = spawnSync('python3', [path.join(repoRoot, 'scripts', 'bench', '_pty.py'), JSON.stringify(config)], {encoding: 'utf8', cwd: repoRoot});
	if (result.status !== 0) throw new Error(`pty runner failed: ${result.stderr}`);
	return JSON.parse(result.stdout.trim()) as PtyRun;
}
