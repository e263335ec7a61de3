// Start-up speed: process start to the first frame of the TUI that shows live engine data
// (the header's "engine docker <version>"), measured in a pseudo-terminal so Ink renders, beside
// `node -e 0` in the same run. Runs alternate between the two so both see the same machine load.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtempSync, rmSync} from 'node:fs';
import {availableParallelism, loadavg, tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {formatSummary, parseOptions, summarize} from './_stats.mjs';

export const summary = 'TUI start to first frame with live engine data, beside `node -e 0` (pseudo-terminal)';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ptyRunner = path.join(path.dirname(fileURLToPath(import.meta.url)), '_pty.py');
/** The header shows "engine docker 20.10.24" (or podman) once the store has the engine's version. */
const livePattern = String.raw`engine\s+(docker|podman)\s+\d`;

function inPty(command, options) {
	const config = {command, pattern: options.pattern ?? null, runs: 1, cols: 120, rows: 35, timeoutMs: options.timeoutMs, env: options.env ?? {}};
	const result = spawnSync('python3', [ptyRunner, JSON.stringify(config)], {encoding: 'utf8', cwd: options.cwd ?? root});
	if (result.status !== 0) throw new Error(`pseudo-terminal runner failed: ${result.stderr}`);
	return JSON.parse(result.stdout.trim());
}

export async function run(args) {
	const options = parseOptions(args, {runs: 15, warmup: 2, build: true, timeout: 10_000, json: false, cli: '', plain: true});
	if (options.runs < 10) process.stderr.write('bench startup: fewer than 10 runs makes a shaky median\n');
	// --cli PATH measures another build (e.g. an older checkout's dist/cli.js) the same way.
	if (options.build && !options.cli) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {cwd: root, stdio: 'inherit'});
	const cli = options.cli ? path.resolve(options.cli) : path.join(root, 'dist', 'cli.js');
	// The same bundle without the on-demand stand-ins (scripts/build/on-demand.mjs): what they save.
	const plainCli = options.plain && !options.cli ? path.join(root, '.cache', 'bench-plain', 'cli.js') : undefined;
	if (plainCli) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--outdir', path.dirname(plainCli)], {cwd: root, stdio: 'inherit', env: {...process.env, ALPINIST_BUILD_PLAIN: '1'}});
	if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build`');
	// A private state dir: the bench must not touch a person's progress.
	const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-bench-'));
	// Ink draws frames only outside CI: any CI variable (even empty) would hide them until exit.
	const env = {ALPINIST_STATE_DIR: stateDir, CI: null, CONTINUOUS_INTEGRATION: null, TERM: process.env.TERM || 'xterm-256color'};
	const alpinist = {first: [], live: [], liveCpu: []};
	const plain = {live: [], liveCpu: []};
	const bare = [];
	const bareCpu = [];
	const loadBefore = loadavg();
	try {
		for (let i = 0; i < options.warmup + options.runs; i++) {
			const measured = i >= options.warmup;
			const node = inPty([process.execPath, '-e', '0'], {timeoutMs: options.timeout, env});
			const tui = inPty([process.execPath, cli], {pattern: livePattern, timeoutMs: options.timeout, env, cwd: path.dirname(path.dirname(cli))});
			if (tui.matchMs === null) throw new Error(`no frame with live engine data within ${options.timeout} ms; the screen showed:\n${tui.tail}`);
			const other = plainCli ? inPty([process.execPath, plainCli], {pattern: livePattern, timeoutMs: options.timeout, env, cwd: root}) : undefined;
			if (other && measured) {
				plain.live.push(other.matchMs);
				if (other.matchCpuMs !== null) plain.liveCpu.push(other.matchCpuMs);
			}
			if (!measured) continue;
			bare.push(node.exitMs);
			bareCpu.push(node.exitCpuMs);
			alpinist.first.push(tui.firstOutputMs);
			alpinist.live.push(tui.matchMs);
			if (tui.matchCpuMs !== null) alpinist.liveCpu.push(tui.matchCpuMs);
		}
	} finally {
		rmSync(stateDir, {recursive: true, force: true});
	}

	const result = {
		method: `${options.runs} runs each (after ${options.warmup} warm-up), alternating, in a 120×35 pseudo-terminal; wall: monotonic clock from fork; CPU: all threads (rusage at exit, /proc schedstat at the frame); ms`,
		loadAverage: {before: loadBefore.map(value => Number(value.toFixed(2))), after: loadavg().map(value => Number(value.toFixed(2))), cpus: availableParallelism()},
		nodeExit: summarize(bare),
		firstFrame: summarize(alpinist.first),
		liveFrame: summarize(alpinist.live),
		nodeExitCpu: summarize(bareCpu),
		liveFrameCpu: alpinist.liveCpu.length > 0 ? summarize(alpinist.liveCpu) : undefined,
		plainLiveFrame: plain.live.length > 0 ? summarize(plain.live) : undefined,
		plainLiveFrameCpu: plain.liveCpu.length > 0 ? summarize(plain.liveCpu) : undefined,
		node: process.version,
	};
	result.overNode = {median: result.liveFrame.median - result.nodeExit.median};
	if (options.json) {
		process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		return 0;
	}

	const out = line => process.stdout.write(`${line}\n`);
	out(`startup: ${result.method}`);
	out(`load average (1/5/15 min) before ${result.loadAverage.before.join(' ')}, after ${result.loadAverage.after.join(' ')} on ${result.loadAverage.cpus} CPUs: a loaded machine makes wall times longer`);
	out(formatSummary('node -e 0 (to exit)', result.nodeExit));
	out(formatSummary('alpinist first frame', result.firstFrame));
	out(formatSummary('alpinist live engine frame', result.liveFrame));
	out(formatSummary('CPU node -e 0', result.nodeExitCpu));
	if (result.liveFrameCpu) out(formatSummary('CPU alpinist to live frame', result.liveFrameCpu));
	if (result.plainLiveFrame) out(formatSummary('without on-demand: live', result.plainLiveFrame));
	if (result.plainLiveFrameCpu) out(formatSummary('without on-demand: CPU', result.plainLiveFrameCpu));
	out(`difference (live frame − node -e 0), medians: ${result.overNode.median.toFixed(1)} ms; target: live frame median ≤ 200 ms (${result.liveFrame.median <= 200 ? 'met' : 'not met'}) on node ${process.version}`);
	return 0;
}
