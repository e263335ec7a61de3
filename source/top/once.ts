import type Dockerode from 'dockerode';
import {computeStats, type RawStats, type Stats} from '../docker/stats.js';
import type {EngineInfo, Snapshot} from '../docker/types.js';
import {detectorFor, type ImageVariantDetector} from '../docker/variant.js';
import type {Project} from '../project/discover.js';
import {sortRows, type Sort} from './columns.js';
import {buildRows, filterRows, type RowFilter, type TopRow, totalsByVariant, type VariantTotal} from './rows.js';

export const cpuNote = 'CPU % as docker stats computes it: 100 % = one core';

/** One stats sample with precpu (stream=false: the engine waits for its second sample, ~1–2 s). */
export async function sampleStats(docker: Dockerode, id: string): Promise<Stats | undefined> {
	try {
		const raw = (await docker.getContainer(id).stats({stream: false})) as unknown as RawStats;
		if (!raw?.read || raw.read.startsWith('0001-')) return undefined;
		return computeStats(raw);
	} catch {
		return undefined;
	}
}

export type OnceOptions = RowFilter & {sort?: Sort};

export type OnceResult = {engine?: EngineInfo; sampledAt: string; rows: TopRow[]; totals: VariantTotal[]};

/**
 * The one-shot table of `alpinist top --once`: the rows the filter keeps, each with one stats
 * sample taken concurrently, and their variants (compose project name, else the image).
 */
export async function snapshotOnce(snapshot: Snapshot, docker: Dockerode, project: Project, options: OnceOptions, detector?: ImageVariantDetector): Promise<OnceResult> {
	const images = detector ?? detectorFor(docker, () => snapshot.engine?.arch);
	const now = Date.now();
	const build = (stats: Record<string, Stats | undefined>) =>
		filterRows(buildRows({containers: snapshot.containers, stats, project, imageVariant: id => images.peek(id), now}), options);
	const chosen = build({});
	await Promise.all(
		chosen
			.filter(row => row.variant.source === 'pending')
			.map(row => images.detect(row.id, row.imageId)),
	);
	const stats: Record<string, Stats | undefined> = {};
	await Promise.all(
		chosen
			.filter(row => row.running)
			.map(async row => {
				stats[row.id] = await sampleStats(docker, row.id);
			}),
	);
	// Filter again: variants are known now, and the text filter may match them.
	const rows = sortRows(build(stats), options.sort ?? {column: 'name', reverse: false});
	return {engine: snapshot.engine, sampledAt: new Date().toISOString(), rows, totals: totalsByVariant(rows)};
}
