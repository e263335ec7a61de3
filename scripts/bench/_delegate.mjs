// Benchmarks that live in a script of their own are reachable through the dispatcher too:
// `node scripts/bench.mjs <name> [options]` runs that script with the same options.
import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs `command args…` from the repository root with this terminal; resolves to its exit code. */
export function delegate(command, args) {
	return new Promise((resolve, reject) => {
		const child = spawn(command[0], [...command.slice(1), ...args], {cwd: root, stdio: 'inherit'});
		child.on('error', reject);
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
	});
}

export const scriptPath = name => path.join(root, 'scripts', name);
