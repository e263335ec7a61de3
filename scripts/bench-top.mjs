#!/usr/bin/env node
// Cost of the live view: `alpinist top` against N idle containers for S seconds, beside
// `docker stats` watching the same containers, one after the other in the same run, and the
// engine doing nothing for either (idle baseline). Two more rows explain alpinist's figure:
// `alpinist top` with ALPINIST_STATS=engine (every row's stats from an engine stream, as
// `docker stats` gets them, instead of cgroup files), and the floor of any Ink view here: Node
// drawing one line with Ink and React from a bundle built like alpinist's, then waiting. Each runs in a real terminal (a tmux pane,
// 120×35). Measured from /proc: CPU time (utime+stime, children included) of the tool, the engine's
// CPU time (dockerd + containerd + shims present at the start of the window), and the tool's peak
// RSS (VmHWM). Prints medians (min–max) over the rounds.
//
//   node scripts/bench-top.mjs (or npm run bench top --) [--counts 20,100] [--seconds 30] [--rounds 3] [--json]
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {availableParallelism, loadavg, tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {parseArgs} from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const {values: args} = parseArgs({
	options: {
		counts: {type: 'string', default: '20,100'},
		seconds: {type: 'string', default: '30'},
		rounds: {type: 'string', default: '3'},
		image: {type: 'string', default: 'alpinist-base/musl:busybox'},
		json: {type: 'boolean', default: false},
	},
});
const counts = args.counts.split(',').map(Number).filter(n => n > 0).sort((a, b) => a - b);
const seconds = Number(args.seconds);
const rounds = Math.max(1, Number(args.rounds));
const tag = `top-${process.pid}`;
const label = `alpinist.bench=${tag}`;
const prefix = `alpinist-bench-${tag}`;
const ticksPerSecond = Number((await run('getconf', ['CLK_TCK'])).stdout.trim()) || 100;
const log = (...parts) => process.stderr.write(`${parts.join(' ')}\n`);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** utime + stime + cutime + cstime of a process, in clock ticks (fields 14–17 of /proc/pid/stat). */
function cpuTicks(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
	} catch {
		return undefined;
	}
}

function peakRssBytes(pid) {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The engine: dockerd, containerd and the containerd shims (the shims answer the stats requests).
 * `ours` marks the shims of the benchmark's own containers (their command line names the id): the
 * engine is shared, so dockerd and containerd also carry whatever else runs on it.
 */
function enginePids(ourIds) {
	const pids = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
			if (comm !== 'dockerd' && comm !== 'containerd' && !comm.startsWith('containerd-shim')) continue;
			const cmdline = comm.startsWith('containerd-shim') ? readFileSync(`/proc/${entry}/cmdline`, 'utf8') : '';
			pids.push({pid: Number(entry), daemon: !comm.startsWith('containerd-shim'), ours: ourIds.some(id => cmdline.includes(id))});
		} catch {}
	}

	return pids;
}

function engineStart(ourIds) {
	return enginePids(ourIds).map(entry => ({...entry, before: cpuTicks(entry.pid) ?? 0}));
}

/** CPU seconds the engine's processes (those alive at the start) used since `start`: all, daemons + our shims, our shims alone. */
function engineSince(start) {
	let all = 0;
	let ours = 0;
	let shims = 0;
	for (const entry of start) {
		const now = cpuTicks(entry.pid);
		if (now === undefined) continue;
		all += now - entry.before;
		if (entry.daemon || entry.ours) ours += now - entry.before;
		if (entry.ours) shims += now - entry.before;
	}

	return {all: all / ticksPerSecond, ours: ours / ticksPerSecond, shims: shims / ticksPerSecond};
}

async function docker(...argv) {
	return (await run('docker', argv, {maxBuffer: 16 * 1024 * 1024})).stdout.trim();
}

async function startContainers(from, to) {
	const queue = [];
	for (let i = from; i < to; i++) queue.push(i);
	const worker = async () => {
		for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
			// No network: idle containers need none, and no bridge endpoint is made for each.
			await docker('run', '-d', '--network', 'none', '--label', label, '--name', `${prefix}-${i}`, args.image, 'sleep', '3600');
		}
	};

	await Promise.all(Array.from({length: 4}, worker));
}

async function cleanup() {
	const ids = (await docker('ps', '-aq', '--filter', `label=${label}`).catch(() => '')).split('\n').filter(Boolean);
	if (ids.length > 0) await docker('rm', '-f', ...ids).catch(() => undefined);
}

/**
 * A tmux server of the benchmark's own (-L): a shared server hands its sessions the environment
 * it was started with (a CI variable there would, for one, turn Ink's live frames off).
 */
const {CI: _ci, ...tmuxEnv} = process.env;
const tmux = (...argv) => run('tmux', ['-L', tag, ...argv], {cwd: root, env: tmuxEnv});

/** Seconds into each run that split start-up from steady state in the figures. */
const warmup = 5;

/**
 * Runs argv in a 120×35 tmux pane for `seconds`; returns its CPU seconds (in all, and after the
 * first `warmup` seconds), the engine's over the same windows, its peak RSS and its last screen.
 */
async function measure(name, argv, ourIds) {
	const session = `${tag}-${name}`;
	const engine = engineStart(ourIds);
	const started = performance.now();
	await tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '35', '-c', root, ...argv);
	const pid = Number((await tmux('list-panes', '-t', session, '-F', '#{pane_pid}')).stdout.trim());
	const toolTicks = () => (name === 'idle' ? 0 : cpuTicks(pid));
	await sleep(Math.max(0, warmup * 1000 - (performance.now() - started)));
	const warmTicks = toolTicks();
	const warmEngine = engineSince(engine);
	await sleep(Math.max(0, seconds * 1000 - (performance.now() - started) - 300));
	const screen = (await tmux('capture-pane', '-p', '-t', session).catch(() => ({stdout: ''}))).stdout;
	const rss = name === 'idle' ? undefined : peakRssBytes(pid);
	const ticks = toolTicks();
	const {all: engineCpu, ours: engineOursCpu, shims: shimsCpu} = engineSince(engine);
	const elapsed = (performance.now() - started) / 1000;
	await tmux('kill-session', '-t', session).catch(() => undefined);
	const cpu = ticks === undefined ? Number.NaN : ticks / ticksPerSecond;
	const steadyCpu = ticks === undefined || warmTicks === undefined ? Number.NaN : (ticks - warmTicks) / ticksPerSecond;
	return {cpu, steadyCpu, engineCpu, engineOursCpu, shimsCpu, steadyEngineOursCpu: engineOursCpu - warmEngine.ours, steadyShimsCpu: shimsCpu - warmEngine.shims, rss, elapsed, screen};
}

const median = list => {
	const sorted = [...list].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const summary = list => ({median: median(list), min: Math.min(...list), max: Math.max(...list), runs: list});

/** A one-line Ink view, bundled with alpinist's build settings (production React). */
async function buildFloor(dir) {
	const {build} = await import('esbuild');
	const entry = path.join(dir, 'floor.mjs');
	writeFileSync(entry, "import React from 'react';\nimport {render, Text} from 'ink';\nrender(React.createElement(Text, null, 'an Ink view that draws one line and waits'));\nsetInterval(() => {}, 1 << 30);\n");
	await build({
		entryPoints: [entry],
		outdir: path.join(dir, 'floor'),
		nodePaths: [path.join(root, 'node_modules')],
		splitting: true,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node22',
		minify: true,
		define: {'process.env.NODE_ENV': '"production"'},
		external: ['react-devtools-core'],
		banner: {js: "import {createRequire as __cr} from 'node:module';const require=__cr(import.meta.url);"},
		logLevel: 'warning',
	});
	return path.join(dir, 'floor', 'floor.js');
}

async function main() {
	if (!existsSync(path.join(root, 'dist/cli.js'))) await run(process.execPath, ['scripts/build.mjs'], {cwd: root});
	await docker('image', 'inspect', args.image).catch(() => {
		throw new Error(`image ${args.image} is missing: run bash scripts/base-images.sh`);
	});
	const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-bench-top-'));
	const floor = await buildFloor(stateDir);
	const results = [];
	const loadBefore = loadavg();
	let started = 0;
	try {
		for (const count of counts) {
			log(`starting ${count - started} more idle containers (${count} in all) from ${args.image}…`);
			await startContainers(started, count);
			started = count;
			const names = Array.from({length: count}, (_, i) => `${prefix}-${i}`);
			const ids = (await docker('ps', '-q', '--no-trunc', '--filter', `label=${label}`)).split('\n').filter(Boolean);
			await sleep(3000);
			const tools = {
				idle: ['sleep', String(seconds + 5)],
				'docker stats': ['docker', 'stats', ...names],
				alpinist: [process.execPath, 'dist/cli.js', 'top', '--state-dir', stateDir, '--filter', prefix],
				'alpinist (engine streams)': ['env', 'ALPINIST_STATS=engine', process.execPath, 'dist/cli.js', 'top', '--state-dir', stateDir, '--filter', prefix],
				'Ink floor': [process.execPath, floor],
			};
			const runs = Object.fromEntries(Object.keys(tools).map(name => [name, []]));
			for (let round = 0; round < rounds; round++) {
				// Rotate the order so that neither tool always runs right after the containers started.
				const order = Object.keys(tools);
				for (let i = 0; i < round % order.length; i++) order.push(order.shift());
				for (const name of order) {
					const result = await measure(name.replace(/\W+/g, '-'), tools[name], ids);
					const shownRows = result.screen.split('\n').filter(line => line.includes('alpinist-bench')).length;
					const source = /read from cgroup files|from engine stats streams|from cgroup files, \d+ from engine/.exec(result.screen)?.[0];
					log(`  ${count} containers, round ${round + 1}, ${name}: CPU ${result.cpu.toFixed(2)} s (after ${warmup} s: ${result.steadyCpu.toFixed(2)} s), engine ${result.engineCpu.toFixed(2)} s (daemons + bench shims ${result.engineOursCpu.toFixed(2)} s, bench shims ${result.shimsCpu.toFixed(2)} s)${result.rss ? `, peak RSS ${(result.rss / 1e6).toFixed(1)} MB` : ''}${name === 'idle' || name === 'Ink floor' ? '' : `, ${shownRows} rows on screen`}${source ? ` (stats ${source})` : ''}`);
					runs[name].push(result);
					await sleep(2000);
				}
			}

			const figures = list => ({
				cpuSeconds: summary(list.map(r => r.cpu)),
				steadyCpuSeconds: summary(list.map(r => r.steadyCpu)),
				// The cost a user lives with: CPU seconds per minute of watching, once started.
				steadyCpuPerMinute: summary(list.map(r => (r.steadyCpu / (r.elapsed - warmup)) * 60)),
				engineCpuSeconds: summary(list.map(r => r.engineCpu)),
				engineOursCpuSeconds: summary(list.map(r => r.engineOursCpu)),
				steadyEngineOursCpuSeconds: summary(list.map(r => r.steadyEngineOursCpu)),
				shimsCpuSeconds: summary(list.map(r => r.shimsCpu)),
				steadyShimsCpuSeconds: summary(list.map(r => r.steadyShimsCpu)),
				peakRssMB: summary(list.map(r => (r.rss ?? Number.NaN) / 1e6)),
			});
			results.push({
				containers: count,
				seconds,
				rounds,
				alpinist: figures(runs.alpinist),
				alpinistEngineStreams: figures(runs['alpinist (engine streams)']),
				dockerStats: figures(runs['docker stats']),
				inkFloor: figures(runs['Ink floor']),
				idle: figures(runs.idle),
			});
		}
	} finally {
		await tmux('kill-server').catch(() => undefined);
		log('removing the benchmark containers…');
		await cleanup();
		rmSync(stateDir, {recursive: true, force: true});
	}

	if (args.json) {
		process.stdout.write(`${JSON.stringify({measured: `CPU seconds from /proc (utime+stime incl. children) over a ${seconds} s window per tool, ${rounds} round(s); engine = dockerd + containerd + shims (all, and daemons + the benchmark containers' shims); peak RSS = VmHWM`, results}, null, 2)}\n`);
		return;
	}

	const cell = s => `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
	const table = rows => {
		const widths = rows[0].map((_, i) => Math.max(...rows.map(row => row[i].length)));
		for (const row of rows) process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i])).join('  ')}\n`);
	};

	const load = values => values.map(value => value.toFixed(2)).join(' ');
	process.stdout.write(`load average (1/5/15 min) before ${load(loadBefore)}, after ${load(loadavg())} on ${availableParallelism()} CPUs (node ${process.version})\n`);
	process.stdout.write(`top cost: ${seconds} s per tool in a 120x35 terminal, ${rounds} round(s), median (min–max), CPU seconds from /proc.\n`);
	process.stdout.write('alpinist reads a local engine\'s cgroup files; "engine streams" is alpinist with ALPINIST_STATS=engine; "Ink floor" is Node drawing one line with Ink and waiting.\n');
	process.stdout.write('engine = dockerd + containerd + every shim · daemons + the benchmark containers\' shims · those shims alone (they answer the stats requests).\nThe engine is shared: the idle row is what it spent meanwhile with nothing watching.\n');
	const tools = [
		['alpinist', 'alpinist'],
		['alpinistEngineStreams', 'alpinist (engine streams)'],
		['dockerStats', 'docker stats'],
		['inkFloor', 'Ink floor'],
		['idle', 'idle'],
	];
	for (const [label, pick, engine] of [
		[`whole run (${seconds} s, start-up included)`, r => r.cpuSeconds, r => `${cell(r.engineCpuSeconds)} · ${cell(r.engineOursCpuSeconds)} · ${cell(r.shimsCpuSeconds)}`],
		[`steady state (after the first ${warmup} s)`, r => r.steadyCpuSeconds, r => `${cell(r.steadyEngineOursCpuSeconds)} · ${cell(r.steadyShimsCpuSeconds)}`],
	]) {
		process.stdout.write(`\n${label}\n`);
		table([
			['containers', 'tool', 'tool CPU-s', 'engine CPU-s', 'peak RSS MB'],
			...results.flatMap(r =>
				tools.map(([key, name]) => [String(r.containers), name, key === 'idle' ? '-' : cell(pick(r[key])), engine(r[key]), key === 'idle' ? '-' : cell(r[key].peakRssMB)]),
			),
		]);
	}

	process.stdout.write(`\nper minute of watching after start-up (the first ${warmup} s; start-up is in \`npm run bench startup\`), CPU seconds per minute\n`);
	table([
		['containers', 'tool', 'CPU-s / min'],
		...results.flatMap(r => tools.filter(([key]) => key !== 'idle').map(([key, name]) => [String(r.containers), name, cell(r[key].steadyCpuPerMinute)])),
	]);

	process.stdout.write('\n');
	for (const r of results) {
		const perMinuteOk = r.alpinist.steadyCpuPerMinute.median <= r.dockerStats.steadyCpuPerMinute.median;
		process.stdout.write(`${r.containers} containers: target CPU per minute of watching ≤ docker stats: alpinist ${r.alpinist.steadyCpuPerMinute.median.toFixed(2)} s/min ${perMinuteOk ? '≤' : '>'} docker stats ${r.dockerStats.steadyCpuPerMinute.median.toFixed(2)} s/min (${perMinuteOk ? 'met' : 'not met'})\n`);
		const cpuOk = r.alpinist.cpuSeconds.median <= r.dockerStats.cpuSeconds.median;
		const engineOk = r.alpinist.engineOursCpuSeconds.median <= r.dockerStats.engineOursCpuSeconds.median;
		const shimsOk = r.alpinist.shimsCpuSeconds.median <= r.dockerStats.shimsCpuSeconds.median;
		const rssOk = r.containers < 100 || r.alpinist.peakRssMB.max < 150;
		const steadyOk = r.alpinist.steadyCpuSeconds.median <= r.dockerStats.steadyCpuSeconds.median;
		const floorOk = r.inkFloor.cpuSeconds.median <= r.dockerStats.cpuSeconds.median;
		process.stdout.write(`${r.containers} containers: alpinist CPU ${cpuOk ? '≤' : '>'} docker stats (steady state ${steadyOk ? '≤' : '>'}; the Ink floor alone ${floorOk ? '≤' : '>'} docker stats) · engine (daemons + bench shims) ${engineOk ? '≤' : '>'} with docker stats (shims alone ${shimsOk ? '≤' : '>'})${r.containers >= 100 ? ` · peak RSS ${rssOk ? '<' : '≥'} 150 MB` : ''}\n`);
	}
}

process.once('SIGINT', () => {
	void cleanup().finally(() => process.exit(130));
});
main().catch(async error => {
	log(`bench top: ${error.message}`);
	await cleanup();
	process.exitCode = 1;
});
