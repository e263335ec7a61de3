// Headless start-up: `alpinist status --plain` (project, engine, running variant, phases: one
// engine round trip, Compose's version (asked once, then kept in the state dir), the progress file) from process start to exit,
// beside `node -e 0` and the same bundle without the on-demand stand-ins, in turn in each round.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {availableParallelism, loadavg, tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {formatSummary, parseOptions, summarize} from './_stats.mjs';

export const summary = 'headless `alpinist status --plain`, start to exit, beside `node -e 0`';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

export async function run(args) {
	const options = parseOptions(args, {runs: 15, warmup: 2, build: true, plain: true, json: false});
	if (options.build) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {cwd: root, stdio: 'inherit'});
	const plainCli = path.join(root, '.cache', 'bench-plain', 'cli.js');
	if (options.plain) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--outdir', path.dirname(plainCli)], {cwd: root, stdio: 'inherit', env: {...process.env, ALPINIST_BUILD_PLAIN: '1'}});
	const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-bench-status-'));
	const commands = {
		node: [process.execPath, '-e', '0'],
		status: [process.execPath, path.join(root, 'dist', 'cli.js'), 'status', '--plain'],
		...(options.plain ? {plain: [process.execPath, plainCli, 'status', '--plain']} : {}),
	};
	const loadBefore = loadavg();
	let lines;
	try {
		const result = spawnSync('python3', [path.join(here, '_rusage.py'), JSON.stringify({commands, runs: options.runs, warmup: options.warmup, env: {ALPINIST_STATE_DIR: stateDir}})], {encoding: 'utf8', cwd: root});
		if (result.status !== 0) throw new Error(`rusage runner failed: ${result.stderr}`);
		lines = result.stdout.trim().split('\n').map(line => JSON.parse(line));
	} finally {
		rmSync(stateDir, {recursive: true, force: true});
	}

	const failed = lines.find(line => line.exitCode !== 0);
	if (failed) throw new Error(`${failed.name} exited ${failed.exitCode} (is the engine up?)`);
	const of = (name, key) => summarize(lines.filter(line => line.name === name).map(line => line[key]));
	const result = {
		method: `${options.runs} runs each (after ${options.warmup} warm-up), in turn; wall: monotonic clock, fork to exit; CPU: user + system of the process and its children; ms; after the first run the compile cache is warm and Compose's version is read from the state dir (the first run asks "docker compose version")`,
		node: process.version,
		loadAverage: {before: loadBefore.map(value => Number(value.toFixed(2))), after: loadavg().map(value => Number(value.toFixed(2))), cpus: availableParallelism()},
		nodeExit: of('node', 'wallMs'),
		status: of('status', 'wallMs'),
		nodeCpu: of('node', 'cpuMs'),
		statusCpu: of('status', 'cpuMs'),
		...(options.plain ? {plainStatus: of('plain', 'wallMs'), plainStatusCpu: of('plain', 'cpuMs')} : {}),
	};
	if (options.json) {
		process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		return 0;
	}

	const out = line => process.stdout.write(`${line}\n`);
	out(`status: ${result.method}`);
	out(`load average (1/5/15 min) before ${result.loadAverage.before.join(' ')}, after ${result.loadAverage.after.join(' ')} on ${result.loadAverage.cpus} CPUs; node ${result.node}: a loaded machine makes wall times longer`);
	out(formatSummary('node -e 0 (to exit)', result.nodeExit));
	out(formatSummary('alpinist status --plain', result.status));
	if (result.plainStatus) out(formatSummary('without on-demand', result.plainStatus));
	out(formatSummary('CPU node -e 0', result.nodeCpu));
	out(formatSummary('CPU alpinist status', result.statusCpu));
	if (result.plainStatusCpu) out(formatSummary('CPU without on-demand', result.plainStatusCpu));
	out(`target: status median ≤ 150 ms (${result.status.median <= 150 ? 'met' : 'not met'}): ${result.status.median.toFixed(1)} ms, ${(result.status.median - result.nodeExit.median).toFixed(1)} ms over node -e 0`);
	return 0;
}
