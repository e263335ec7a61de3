import type {TopRow} from './rows.js';
import {ioBytes, memBytes, percent, uptime} from './units.js';

export type ColumnId = 'name' | 'service' | 'variant' | 'status' | 'cpu' | 'mem' | 'memPercent' | 'net' | 'block' | 'pids' | 'uptime';

export type Column = {
	id: ColumnId;
	/** The header, as `docker stats` names it where it has the column. */
	title: string;
	/** Characters; the name column takes what is left (at least this). */
	width: number;
	align: 'left' | 'right';
	/** Lower drops first when the terminal is narrow; 0 never drops. */
	priority: number;
	/** Numbers sort biggest first, text A→Z, unless reversed. */
	numeric: boolean;
	value: (row: TopRow) => number | string | undefined;
	text: (row: TopRow) => string;
};

const dash = '--';

export const columns: Column[] = [
	{id: 'name', title: 'NAME', width: 16, align: 'left', priority: 0, numeric: false, value: row => row.name, text: row => row.name},
	{id: 'service', title: 'SERVICE', width: 10, align: 'left', priority: 4, numeric: false, value: row => row.service, text: row => row.service ?? '-'},
	{id: 'variant', title: 'VARIANT', width: 11, align: 'left', priority: 8, numeric: false, value: row => row.variant.label, text: row => row.variant.label},
	{id: 'status', title: 'STATUS', width: 10, align: 'left', priority: 9, numeric: false, value: row => row.status, text: row => row.status},
	{id: 'cpu', title: 'CPU %', width: 7, align: 'right', priority: 10, numeric: true, value: row => row.stats?.cpuPercent, text: row => (row.stats ? percent(row.stats.cpuPercent) : dash)},
	{
		id: 'mem',
		title: 'MEM USAGE / LIMIT',
		width: 19,
		align: 'right',
		priority: 9,
		numeric: true,
		value: row => row.stats?.memUsage,
		text: row => (row.stats ? `${memBytes(row.stats.memUsage)} / ${memBytes(row.stats.memLimit)}` : dash),
	},
	{id: 'memPercent', title: 'MEM %', width: 7, align: 'right', priority: 7, numeric: true, value: row => row.stats?.memPercent, text: row => (row.stats ? percent(row.stats.memPercent) : dash)},
	{
		id: 'net',
		title: 'NET I/O',
		width: 15,
		align: 'right',
		priority: 3,
		numeric: true,
		value: row => (row.stats ? row.stats.netRx + row.stats.netTx : undefined),
		text: row => (row.stats ? `${ioBytes(row.stats.netRx)} / ${ioBytes(row.stats.netTx)}` : dash),
	},
	{
		id: 'block',
		title: 'BLOCK I/O',
		width: 15,
		align: 'right',
		priority: 2,
		numeric: true,
		value: row => (row.stats ? row.stats.blkRead + row.stats.blkWrite : undefined),
		text: row => (row.stats ? `${ioBytes(row.stats.blkRead)} / ${ioBytes(row.stats.blkWrite)}` : dash),
	},
	{id: 'pids', title: 'PIDS', width: 5, align: 'right', priority: 5, numeric: true, value: row => row.stats?.pids, text: row => (row.stats ? String(row.stats.pids) : dash)},
	{id: 'uptime', title: 'UPTIME', width: 7, align: 'right', priority: 6, numeric: true, value: row => row.uptimeSeconds, text: row => uptime(row.uptimeSeconds)},
];

export const columnIds = columns.map(column => column.id);

/** A column id from user input (--sort, case-insensitive), when it names one. */
export function sortColumn(value: unknown): ColumnId | undefined {
	if (typeof value !== 'string') return undefined;
	return columnIds.find(id => id.toLowerCase() === value.toLowerCase());
}

export function columnById(id: ColumnId): Column {
	return columns.find(column => column.id === id)!;
}

export type Sort = {column: ColumnId; reverse: boolean};

/**
 * Sorts a copy. Numeric columns put the biggest first and text columns A→Z; `reverse` flips that.
 * Rows without a value (no stats yet) stay last either way; ties fall back to the name.
 */
export function sortRows(rows: TopRow[], sort: Sort): TopRow[] {
	const column = columnById(sort.column);
	const direction = (column.numeric ? -1 : 1) * (sort.reverse ? -1 : 1);
	return rows
		.map(row => ({row, value: column.value(row)}))
		.sort((a, b) => {
			if (a.value === undefined || b.value === undefined) {
				if (a.value === b.value) return a.row.name.localeCompare(b.row.name);
				return a.value === undefined ? 1 : -1;
			}

			const order = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value));
			return order === 0 ? a.row.name.localeCompare(b.row.name) : order * direction;
		})
		.map(entry => entry.row);
}

export function nextSortColumn(current: ColumnId): ColumnId {
	const index = columnIds.indexOf(current);
	return columnIds[(index + 1) % columnIds.length];
}

export type LaidOutColumn = Column & {shownWidth: number};

/**
 * Which columns fit in `width` characters, the name taking the rest: two spaces between columns
 * when everything fits so, else one space, dropping the lowest-priority columns until it fits.
 */
export function layoutColumns(width: number): {columns: LaidOutColumn[]; gap: number} {
	const needed = (list: Column[], gap: number) => list.reduce((sum, column) => sum + column.width, 0) + gap * (list.length - 1);
	const gap = needed(columns, 2) <= width ? 2 : 1;
	const kept = [...columns];
	while (needed(kept, gap) > width) {
		const droppable = kept.filter(column => column.priority > 0);
		if (droppable.length === 0) break;
		const lowest = droppable.reduce((a, b) => (b.priority < a.priority ? b : a));
		kept.splice(kept.indexOf(lowest), 1);
	}

	const spare = Math.max(0, width - needed(kept, gap));
	const name = columnById('name');
	return {gap, columns: kept.map(column => ({...column, shownWidth: column.id === 'name' ? Math.min(name.width + spare, 48) : column.width}))};
}

export function fit(text: string, width: number, align: 'left' | 'right'): string {
	const chars = [...text];
	if (chars.length > width) return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
	return align === 'left' ? text.padEnd(width + text.length - chars.length) : text.padStart(width + text.length - chars.length);
}

/** The header line with the sort mark on the sorted column. */
export function headerCells(layout: LaidOutColumn[], sort: Sort): string[] {
	return layout.map(column => {
		const mark = column.id === sort.column ? ((column.numeric ? !sort.reverse : sort.reverse) ? '▼' : '▲') : '';
		return fit(`${column.title}${mark}`, column.shownWidth, column.align);
	});
}

export function rowCells(layout: LaidOutColumn[], row: TopRow): string[] {
	return layout.map(column => fit(column.text(row), column.shownWidth, column.align));
}
