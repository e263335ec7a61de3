import type Dockerode from 'dockerode';
import {computeStats, type RawStats, type Stats} from '../docker/stats.js';
import type {EngineInfo, Snapshot} from '../docker/types.js';
import {detectorFor, type ImageVariantDetector} from '../docker/variant.js';
import type {Project} from '../project/discover.js';
import {columns, sortRows, type Sort} from './columns.js';
import {buildRows, filterRows, type RowFilter, type TopRow, totalsByVariant, type VariantTotal} from './rows.js';
import {memBytes, percent} from './units.js';

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

const familyLabel = {regular: 'regular', alpine: 'Alpine', unknown: 'unknown'} as const;

export function totalsLine(totals: VariantTotal[]): string {
	if (totals.length === 0) return 'no containers';
	return totals
		.map(total => `${familyLabel[total.family]} ${total.containers} (CPU ${percent(total.cpuPercent)}, mem ${memBytes(total.memUsage)}${total.withStats < total.containers ? `, ${total.withStats} with stats` : ''})`)
		.join(' · ');
}

/** Columns as docker stats --no-stream lays them out: left-aligned, three spaces apart. */
export function formatTable(rows: TopRow[]): string[] {
	const cells = [columns.map(column => column.title), ...rows.map(row => columns.map(column => column.text(row)))];
	const widths = columns.map((_, index) => Math.max(...cells.map(line => [...line[index]].length)));
	return cells.map(line =>
		line
			.map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index] + cell.length - [...cell].length)))
			.join('   ')
			.trimEnd(),
	);
}

export function formatOnce(result: OnceResult): string[] {
	const engine = result.engine;
	return [
		...formatTable(result.rows),
		'',
		`totals    ${totalsLine(result.totals)}`,
		`engine    ${engine ? `${engine.flavour} ${engine.version}, cgroup v${engine.cgroupVersion}, ${engine.cpus} CPUs` : 'unknown'}`,
		`measured  one engine stats sample per container at ${result.sampledAt}; ${cpuNote}`,
	];
}

export function onceDocument(result: OnceResult) {
	return {
		ok: true,
		engine: result.engine ? {flavour: result.engine.flavour, version: result.engine.version, cgroupVersion: result.engine.cgroupVersion, cpus: result.engine.cpus} : null,
		sampledAt: result.sampledAt,
		cpuPercent: '100 = one core (docker stats)',
		units: {memory: 'bytes (page cache excluded, as docker stats)', io: 'bytes', uptime: 'seconds'},
		containers: result.rows.map(row => ({
			name: row.name,
			id: row.id,
			service: row.service ?? null,
			project: row.project ?? null,
			image: row.image,
			variant: row.variant.label,
			variantFamily: row.variant.family,
			variantSource: row.variant.source,
			status: row.status,
			state: row.state,
			health: row.health,
			cpuPercent: row.stats?.cpuPercent ?? null,
			memUsage: row.stats?.memUsage ?? null,
			memLimit: row.stats?.memLimit ?? null,
			memPercent: row.stats?.memPercent ?? null,
			netRx: row.stats?.netRx ?? null,
			netTx: row.stats?.netTx ?? null,
			blockRead: row.stats?.blkRead ?? null,
			blockWrite: row.stats?.blkWrite ?? null,
			pids: row.stats?.pids ?? null,
			uptimeSeconds: row.uptimeSeconds === undefined ? null : Math.floor(row.uptimeSeconds),
		})),
		totals: result.totals,
	};
}
