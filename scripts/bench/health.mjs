// Health latency: from the engine's health_status event (its own timestamp) to the moment a person
// or a script sees it: the container's row in `alpinist top` (a pseudo-terminal), the headless
// line of `alpinist up --plain`, and the exit of Compose's `docker compose up -d --wait` (which
// polls every 500 ms), one after the other in each round, on one service whose health check
// passes at its first run. Wall clock (the engine is local: one clock), epoch ms.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {availableParallelism, loadavg, tmpdir} from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {execFileSync} from 'node:child_process';
import {formatSummary, parseOptions, summarize} from './_stats.mjs';

export const summary = "engine health_status event → alpinist's line on screen and headless, beside `docker compose up --wait`";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const now = () => performance.timeOrigin + performance.now();

function compose(project, file, ...argv) {
	return new Promise((resolve, reject) => {
		const child = spawn('docker', ['compose', '-p', project, '-f', file, ...argv], {stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('exit', code => (code === 0 ? resolve(now()) : reject(new Error(`docker compose ${argv.join(' ')}: exit ${code}\n${stderr}`))));
	});
}

/** Follows the engine's health_status events of the benchmark's containers; `next(after)` waits for the first one after a time. */
function followEvents(tag) {
	const seen = [];
	const waiting = new Set();
	const child = spawn('docker', ['events', '--filter', 'event=health_status', '--filter', `label=alpinist.bench=${tag}`, '--format', '{{json .}}'], {stdio: ['ignore', 'pipe', 'inherit']});
	createInterface({input: child.stdout}).on('line', line => {
		const event = JSON.parse(line);
		if (!/healthy$/.test(event.status) || /unhealthy/.test(event.status)) return;
		seen.push(Number(BigInt(event.timeNano) / 1000n) / 1000);
		for (const wake of waiting) wake();
	});
	const next = (after, timeoutMs) =>
		new Promise((resolve, reject) => {
			const check = () => {
				const at = seen.find(time => time >= after);
				if (at === undefined) return false;
				waiting.delete(check);
				clearTimeout(timer);
				resolve(at);
				return true;
			};
			const timer = setTimeout(() => {
				waiting.delete(check);
				reject(new Error('no health_status event'));
			}, timeoutMs);
			if (!check()) waiting.add(check);
		});
	return {next, stop: () => child.kill()};
}

/** `alpinist up --plain`: the time its "every service is healthy" line arrives. */
function headless(cli, dir, stateDir) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cli, 'up', '--plain', '--no-alpine', '--project', dir, '--state-dir', stateDir], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, CI: 'true'}});
		let at;
		let output = '';
		createInterface({input: child.stdout}).on('line', line => {
			output += `${line}\n`;
			if (at === undefined && /PASS Wait until every service is healthy/.test(line)) at = now();
		});
		child.stderr.on('data', chunk => (output += chunk));
		child.on('exit', code => (code === 0 && at !== undefined ? resolve(at) : reject(new Error(`alpinist up exited ${code}:\n${output}`))));
	});
}

/** `alpinist top` in a pseudo-terminal: once it has drawn, the stack starts; the time its row first says healthy. */
async function screen(cli, dir, stateDir, project, file, timeoutMs) {
	const config = {
		command: [process.execPath, cli, 'top', '--project', dir, '--state-dir', stateDir, '--filter', project],
		ready: String.raw`NAME`,
		// The row: NAME (maybe cut short) SERVICE VARIANT STATUS.
		match: String.raw`\ssvc\s+regular\s+healthy`,
		cols: 160,
		rows: 35,
		timeoutMs,
		env: {CI: null, CONTINUOUS_INTEGRATION: null, TERM: process.env.TERM || 'xterm-256color'},
	};
	const child = spawn('python3', [path.join(here, '_pty_watch.py'), JSON.stringify(config)], {stdio: ['ignore', 'pipe', 'inherit']});
	const lines = createInterface({input: child.stdout})[Symbol.asyncIterator]();
	const read = async () => JSON.parse((await lines.next()).value ?? '{"event":"closed"}');
	const ready = await read();
	if (ready.event !== 'ready') throw new Error(`alpinist top did not draw: ${ready.tail ?? ''}`);
	const started = now();
	await compose(project, file, 'up', '-d');
	const seen = await read();
	if (seen.event !== 'match') throw new Error(`the row never said healthy; the screen showed:\n${seen.tail}`);
	return {started, at: seen.epochMs};
}

export async function run(args) {
	const options = parseOptions(args, {runs: 10, build: true, timeout: 30_000, json: false});
	if (options.build) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {cwd: root, stdio: 'inherit'});
	const cli = path.join(root, 'dist', 'cli.js');
	const tag = `health-${process.pid}`;
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-bench-health-'));
	const stateDir = path.join(dir, '.state');
	// The compose project name alpinist gives a directory: its name, in lower case.
	const project = path.basename(dir).toLowerCase();
	const file = path.join(dir, 'docker-compose.yml');
	// The first health check runs one interval after the start and passes: the event comes about a
	// second in, at no fixed phase of Compose's polling.
	writeFileSync(
		file,
		`services:\n  svc:\n    image: alpinist-base/musl:busybox\n    command: ["sleep", "3600"]\n    network_mode: none\n    labels:\n      alpinist.bench: ${tag}\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 1s\n      timeout: 2s\n      retries: 3\n`,
	);
	const events = followEvents(tag);
	const latency = {screen: [], headless: [], compose: []};
	const loadBefore = loadavg();
	const down = () => compose(project, file, 'down', '-t', '0');
	try {
		await new Promise(resolve => setTimeout(resolve, 500));
		for (let round = 0; round < options.runs; round++) {
			const trials = {
				screen: async () => {
					const {started, at} = await screen(cli, dir, stateDir, project, file, options.timeout);
					return at - (await events.next(started, options.timeout));
				},
				headless: async () => {
					const started = now();
					const at = await headless(cli, dir, stateDir);
					return at - (await events.next(started, options.timeout));
				},
				compose: async () => {
					const started = now();
					const at = await compose(project, file, 'up', '-d', '--wait');
					return at - (await events.next(started, options.timeout));
				},
			};
			const order = Object.keys(trials);
			for (let i = 0; i < round % order.length; i++) order.push(order.shift());
			for (const name of order) {
				await down();
				const ms = await trials[name]();
				latency[name].push(ms);
				process.stderr.write(`  round ${round + 1}, ${name}: ${ms.toFixed(1)} ms after the event\n`);
			}
		}
	} finally {
		events.stop();
		await down().catch(() => undefined);
		rmSync(dir, {recursive: true, force: true});
	}

	const result = {
		method: `${options.runs} rounds, each: compose down, then one start per surface (rotating order); ms from the engine's health_status event (its timeNano) to the surface (wall clock, one machine)`,
		node: process.version,
		loadAverage: {before: loadBefore.map(value => Number(value.toFixed(2))), after: loadavg().map(value => Number(value.toFixed(2))), cpus: availableParallelism()},
		screen: summarize(latency.screen),
		headless: summarize(latency.headless),
		composeWait: summarize(latency.compose),
	};
	if (options.json) {
		process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		return 0;
	}

	const out = line => process.stdout.write(`${line}\n`);
	out(`health latency: ${result.method}`);
	out(`load average (1/5/15 min) before ${result.loadAverage.before.join(' ')}, after ${result.loadAverage.after.join(' ')} on ${result.loadAverage.cpus} CPUs; node ${result.node}`);
	out(formatSummary('alpinist top (row on screen)', result.screen));
	out(formatSummary('alpinist up --plain (line)', result.headless));
	out(formatSummary('docker compose up --wait', result.composeWait));
	const met = result.screen.median <= 50 && result.headless.median <= 50;
	out(`target: median ≤ 50 ms on screen and headless: ${met ? 'met' : 'not met'} (screen ${result.screen.median.toFixed(1)} ms, headless ${result.headless.median.toFixed(1)} ms; compose --wait ${result.composeWait.median.toFixed(1)} ms)`);
	return 0;
}
