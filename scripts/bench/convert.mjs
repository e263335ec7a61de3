// Conversion cost by size: `alpinist convert` on generated Dockerfiles of 1, 4 and 16 MiB, beside
// reading the same file and splitting it into lines (the anchor: the least any converter must do),
// in the same run. Each measurement is a fresh process; time and peak memory are taken inside it at
// exit (process.resourceUsage), so start-up is included for both and cancels in the ratio.
import {execFileSync, spawnSync} from 'node:child_process';
import {closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync} from 'node:fs';
import {availableParallelism, loadavg, tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {formatSummary, parseOptions, summarize} from './_stats.mjs';

export const summary = 'convert on 1/4/16 MiB Dockerfiles beside reading + splitting the file: time and peak memory';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A Dockerfile of about `bytes`: stages that each install, clean up, add users, copy across stages. */
export function generate(bytes) {
	const parts = [];
	let size = 0;
	let stage = 0;
	let i = 0;
	const push = text => {
		parts.push(text);
		size += text.length;
	};
	while (size < bytes) {
		if (i % 40 === 0) {
			push(`FROM python:3.12-slim AS s${stage}\n`);
			if (stage > 0) push(`COPY --from=s${stage - 1} /app/data${stage - 1}.json /app/\n`);
			push('RUN useradd --system --create-home app\n');
			stage++;
		}
		push(
			'RUN apt-get update \\\n' +
				`    && apt-get install -y --no-install-recommends curl ca-certificates git libpq-dev \\\n` +
				`    && echo step${i} > /tmp/step${i} \\\n` +
				'    && rm -rf /var/lib/apt/lists/*\n' +
				`# step ${i}\nENV STEP_${i}=${i}\n`,
		);
		i++;
	}
	push('CMD ["python3", "-m", "http.server"]\n');
	return parts.join('');
}

const PROBE = `
const started = process.hrtime.bigint();
process.on('exit', () => {
	const usage = process.resourceUsage();
	require('node:fs').writeFileSync(process.env.BENCH_OUT, JSON.stringify({wallMs: Number(process.hrtime.bigint() - started) / 1e6, maxRssKiB: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000}));
});
`;

/** The first bytes a run printed, to check that it did the work (a crash also exits 1). */
function head(file, bytes = 64) {
	const fd = openSync(file, 'r');
	const buffer = Buffer.alloc(bytes);
	const read = readSync(fd, buffer, 0, bytes, 0);
	closeSync(fd);
	return buffer.subarray(0, read).toString('utf8');
}

function measure(args, probe, out, timeoutMs, expectJson) {
	rmSync(out, {force: true});
	const stdoutFile = `${out}.stdout`;
	const stdout = openSync(stdoutFile, 'w');
	const result = spawnSync(process.execPath, ['--require', probe, ...args], {env: {...process.env, BENCH_OUT: out, NO_COLOR: '1'}, stdio: ['ignore', stdout, 'pipe'], timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024});
	closeSync(stdout);
	if (result.error) throw new Error(`${args.join(' ')}: ${result.error.message}`);
	// convert exits 0 or 1 (findings) with its JSON document; anything else is a failure of the run.
	if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
	if (expectJson && !/^\{\s*"file"/.test(head(stdoutFile))) throw new Error(`${args.join(' ')} printed no conversion: ${String(result.stderr).slice(0, 500)}`);
	rmSync(stdoutFile, {force: true});
	return JSON.parse(readFileSync(out, 'utf8'));
}

export async function run(args) {
	const options = parseOptions(args, {runs: 3, sizes: '1,4,16', build: true, timeout: 1_800_000, json: false});
	const sizes = String(options.sizes).split(',').map(Number).filter(n => n > 0);
	if (options.build) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {cwd: root, stdio: 'inherit'});
	const cli = path.join(root, 'dist', 'cli.js');
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-bench-convert-'));
	const probe = path.join(dir, 'probe.cjs');
	const out = path.join(dir, 'out.json');
	writeFileSync(probe, PROBE);
	const anchorScript = `require('node:fs').readFileSync(process.argv[1], 'utf8').split('\\n').length`;
	const loadBefore = loadavg();
	const rows = [];
	try {
		for (const mib of sizes) {
			const file = path.join(dir, `Dockerfile.${mib}mib`);
			writeFileSync(file, generate(mib * 1024 * 1024));
			const anchor = {wall: [], rss: []};
			const convert = {wall: [], rss: [], cpu: []};
			for (let r = 0; r < options.runs; r++) {
				// Alternate, so both see the same machine load.
				const a = measure(['-e', anchorScript, file], probe, out, options.timeout, false);
				anchor.wall.push(a.wallMs);
				anchor.rss.push(a.maxRssKiB / 1024);
				const c = measure([cli, 'convert', file, '--json'], probe, out, options.timeout, true);
				convert.wall.push(c.wallMs);
				convert.rss.push(c.maxRssKiB / 1024);
				convert.cpu.push(c.cpuMs);
			}
			rows.push({mib, anchorWall: summarize(anchor.wall), anchorRss: summarize(anchor.rss), convertWall: summarize(convert.wall), convertCpu: summarize(convert.cpu), convertRss: summarize(convert.rss)});
			rmSync(file, {force: true});
		}
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
	const result = {
		method: `node ${process.version}; ${options.runs} runs per size, alternating anchor and convert, each a fresh node process; wall from process start (hrtime) to exit, peak RSS and CPU from process.resourceUsage() at exit; convert is \`alpinist convert FILE --json\` with stdout discarded`,
		loadAverage: {before: loadBefore.map(v => Number(v.toFixed(2))), after: loadavg().map(v => Number(v.toFixed(2))), cpus: availableParallelism()},
		rows,
	};
	if (options.json) {
		process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		return 0;
	}
	const line = text => process.stdout.write(`${text}\n`);
	line(`convert: ${result.method}`);
	line(`load average (1/5/15 min) before ${result.loadAverage.before.join(' ')}, after ${result.loadAverage.after.join(' ')} on ${result.loadAverage.cpus} CPUs`);
	for (const row of rows) {
		line('');
		line(`${row.mib} MiB`);
		line(formatSummary('  anchor: read + split', row.anchorWall));
		line(formatSummary('  convert wall', row.convertWall));
		line(formatSummary('  convert CPU', row.convertCpu));
		line(formatSummary('  anchor peak RSS', row.anchorRss, 'MiB'));
		line(formatSummary('  convert peak RSS', row.convertRss, 'MiB'));
		line(`  per MiB: convert CPU ${(row.convertCpu.median / row.mib).toFixed(0)} ms, convert RSS over anchor ${((row.convertRss.median - row.anchorRss.median) / row.mib).toFixed(1)} MiB`);
	}
	if (rows.length > 1) {
		const first = rows[0];
		const last = rows.at(-1);
		const growth = last.mib / first.mib;
		line('');
		line(`${first.mib} → ${last.mib} MiB (×${growth}): convert CPU ×${(last.convertCpu.median / first.convertCpu.median).toFixed(1)}, RSS over anchor ×${((last.convertRss.median - last.anchorRss.median) / (first.convertRss.median - first.anchorRss.median)).toFixed(1)} (linear is ×${growth})`);
	}
	return 0;
}
