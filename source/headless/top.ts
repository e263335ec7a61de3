import {columns} from '../top/columns.js';
import {cpuNote, type OnceResult} from '../top/once.js';
import type {TopRow, VariantTotal} from '../top/rows.js';
import {memBytes, percent} from '../top/units.js';

/** `top --once` as docker stats --no-stream prints it, and as its JSON document. */

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
