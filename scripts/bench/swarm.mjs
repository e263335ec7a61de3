// The multi-node test harness (scripts/swarm.sh): wall time of `up` (N nodes Ready) and of `down`
// (nothing left), and the memory of one idle node (its dockerd + containerd), beside the shared
// engine's own dockerd + containerd in the same run. Root, Linux.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {availableParallelism, loadavg} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {formatSummary, parseOptions, summarize} from './_stats.mjs';

export const summary = 'scripts/swarm.sh: up (N nodes Ready) and down times, memory per idle node beside the shared engine';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = path.join(root, 'scripts', 'swarm.sh');

function swarm(args) {
	const started = process.hrtime.bigint();
	const result = spawnSync('bash', [script, ...args], {encoding: 'utf8'});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.status !== 0) throw new Error(`scripts/swarm.sh ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
	return {ms, stdout: result.stdout};
}

/** KiB of resident (RSS) and proportional (PSS) memory of a process; 0 when it is gone. */
function memory(pid) {
	try {
		const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
		const field = name => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
		return {rss: field('Rss'), pss: field('Pss')};
	} catch {
		return {rss: 0, pss: 0};
	}
}

function sum(pids) {
	return pids.map(memory).reduce((total, value) => ({rss: total.rss + value.rss, pss: total.pss + value.pss}), {rss: 0, pss: 0});
}

/** The daemon processes of node I: its cgroup's members (dockerd, containerd; no containers yet). */
function nodePids(name, index) {
	for (const base of ['/sys/fs/cgroup/pids', '/sys/fs/cgroup']) {
		const file = path.join(base, 'alpinist-swarm', name, `node-${index}`, 'daemon', 'cgroup.procs');
		if (existsSync(file)) return readFileSync(file, 'utf8').split('\n').filter(Boolean);
	}

	return [];
}

/** The shared engine: the dockerd answering /var/run/docker.sock and its containerd. */
function sharedEnginePids() {
	const ps = execFileSync('ps', ['-eo', 'pid=,args='], {encoding: 'utf8'}).split('\n');
	const pick = pattern => ps.filter(line => pattern.test(line.trim())).map(line => line.trim().split(/\s+/)[0]);
	return [...pick(/^\d+ (\/usr\/s?bin\/)?dockerd(\s+-H fd:\/\/)?\s*$/), ...pick(/^\d+ containerd --config \/var\/run\/docker\/containerd\/containerd\.toml/)];
}

const mib = kib => kib / 1024;

export async function run(args) {
	const options = parseOptions(args, {runs: 5, nodes: 3, settle: 3000, json: false});
	if (process.getuid?.() !== 0) {
		process.stderr.write('bench swarm: needs root (network namespaces, private dockerds)\n');
		return 2;
	}

	const name = `alpinist-bench-${process.pid}`;
	const up = [];
	const down = [];
	const rss = [];
	const pss = [];
	const shared = [];
	const loadBefore = loadavg();
	try {
		for (let run = 0; run < options.runs; run++) {
			up.push(swarm(['up', '--name', name, '--nodes', String(options.nodes)]).ms);
			// Idle: let the managers' first raft and gossip rounds pass before reading memory.
			await new Promise(resolve => setTimeout(resolve, options.settle));
			for (let index = 1; index <= options.nodes; index++) {
				const node = sum(nodePids(name, index));
				rss.push(mib(node.rss));
				pss.push(mib(node.pss));
			}

			const engine = sum(sharedEnginePids());
			if (engine.rss > 0) shared.push(mib(engine.rss));
			down.push(swarm(['down', '--name', name]).ms);
		}
	} finally {
		spawnSync('bash', [script, 'down', '--name', name], {stdio: 'ignore'});
	}

	const result = {
		method: `${options.runs} runs of \`scripts/swarm.sh up --nodes ${options.nodes}\` (until every node is Ready) then \`down\` (until nothing is left), wall clock in ms; memory: Rss and Pss from /proc/PID/smaps_rollup of each node's dockerd + containerd, ${options.settle} ms after up, in MiB, one sample per node per run; anchor: the shared engine's dockerd + containerd Rss at the same moment`,
		loadAverage: {before: loadBefore.map(value => Number(value.toFixed(2))), after: loadavg().map(value => Number(value.toFixed(2))), cpus: availableParallelism()},
		up: summarize(up),
		down: summarize(down),
		nodeRss: summarize(rss),
		nodePss: summarize(pss),
		sharedEngineRss: shared.length > 0 ? summarize(shared) : undefined,
	};
	if (options.json) {
		process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		return 0;
	}

	const out = line => process.stdout.write(`${line}\n`);
	out(`swarm: ${result.method}`);
	out(`load average (1/5/15 min) before ${result.loadAverage.before.join(' ')}, after ${result.loadAverage.after.join(' ')} on ${result.loadAverage.cpus} CPUs`);
	out(formatSummary(`up, ${options.nodes} nodes`, result.up));
	out(formatSummary('down', result.down));
	const samples = line => line.replace(/\(\d+ runs\)$/, `(${result.nodeRss.runs} samples: ${options.runs} runs × ${options.nodes} nodes)`);
	out(samples(formatSummary('node Rss (dockerd+containerd)', result.nodeRss, 'MiB')));
	out(samples(formatSummary('node Pss (dockerd+containerd)', result.nodePss, 'MiB')));
	if (result.sharedEngineRss) out(formatSummary('anchor: shared engine Rss', result.sharedEngineRss, 'MiB'));
	return 0;
}
