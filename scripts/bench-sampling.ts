// Stats sampling: how far apart a watcher's readings of one idle container come, for a fast view
// (0.5 s, `top`'s detail pane) and a slow one (2 s), from its cgroup files (or the engine's stream
// where those are not readable: the source is printed). The spacing is read from the store's own
// history (each reading's time); the container is removed at the end.
//
//   npx tsx scripts/bench-sampling.ts [--samples 12] [--periods 500,2000] [--json]
import Dockerode from 'dockerode';
import {DockerStore} from '../source/docker/store.js';
import {formatSummary, parseOptions, summarize} from './bench/_stats.mjs';

const options = parseOptions(process.argv.slice(2), {samples: 12, periods: '500,2000', json: false, image: 'alpinist-base/musl:busybox'});
const periods = options.periods.split(',').map(Number).filter(period => period > 0);
const docker = new Dockerode();
const store = new DockerStore();
const container = await docker.createContainer({Image: options.image, Cmd: ['sleep', '3600'], name: `bench-sampling-${process.pid}`, HostConfig: {NetworkMode: 'none'}});
const rows: Array<{periodMs: number; source: string | undefined; gaps: ReturnType<typeof summarize>}> = [];
try {
	await container.start();
	await store.start();
	for (const periodMs of periods) {
		const release = store.watchStats([container.id], {intervalMs: periodMs});
		try {
			const snapshot = await store.waitFor(s => (s.stats[container.id]?.history.length ?? 0) >= options.samples + 1, {timeoutMs: periodMs * (options.samples + 1) * 3 + 15_000});
			const times = snapshot.stats[container.id]!.history.map(point => point.at);
			const gaps = times.slice(1).map((at, index) => at - times[index]!);
			rows.push({periodMs, source: store.statsSourceOf(container.id), gaps: summarize(gaps)});
		} finally {
			release();
		}

		await store.waitFor(s => !s.stats[container.id], {timeoutMs: 10_000});
	}
} finally {
	store.stop();
	await container.remove({force: true}).catch(() => undefined);
}

if (options.json) {
	process.stdout.write(`${JSON.stringify({method: `${options.samples} gaps between readings of one idle container per period (wall clock of each reading)`, rows}, null, 2)}\n`);
} else {
	process.stdout.write(`stats sampling: ${options.samples} gaps between readings of one idle container per watch period\n`);
	for (const row of rows) process.stdout.write(`${formatSummary(`every ${row.periodMs} ms (${row.source ?? '?'})`, row.gaps)}\n`);
}
