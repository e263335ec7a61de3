import type {Snapshot} from '../docker/types.js';
import type {ImageVariant} from '../docker/variant.js';
import type {Project} from '../project/discover.js';
import {type LaidOutColumn, rowCells, type Sort, sortRows} from './columns.js';
import {buildRows, filterRows, type RowFilter, type TopRow, totalsByVariant, type VariantTotal} from './rows.js';
import {memBytes, percent} from './units.js';

export type ViewInput = {
	snapshot: Snapshot;
	project: Project;
	imageVariant: (imageId: string) => ImageVariant | undefined;
	filter: RowFilter;
	sort: Sort;
	selectedId?: string;
	/** First row shown before this frame (the view scrolls only as far as the selection needs). */
	offset: number;
	tableRows: number;
	layout: LaidOutColumn[];
	detail: boolean;
	now: number;
};

export type View = {
	rows: TopRow[];
	matching: TopRow[];
	visible: TopRow[];
	selected?: TopRow;
	index: number;
	offset: number;
	totals: VariantTotal[];
	/**
	 * Everything the frame shows, as one string: when it equals the last frame's, re-rendering
	 * would draw the same screen, so the view skips it.
	 */
	key: string;
};

export function topView(input: ViewInput): View {
	const rows = buildRows({containers: input.snapshot.containers, stats: input.snapshot.stats, project: input.project, imageVariant: input.imageVariant, now: input.now});
	const matching = sortRows(filterRows(rows, input.filter), input.sort);
	const found = matching.findIndex(row => row.id === input.selectedId);
	const index = found === -1 ? 0 : found;
	const selected = matching[index];
	let offset = Math.min(input.offset, Math.max(0, matching.length - input.tableRows));
	if (index < offset) offset = index;
	if (index >= offset + input.tableRows) offset = index - input.tableRows + 1;
	const visible = matching.slice(offset, offset + input.tableRows);
	const totals = totalsByVariant(matching);
	const parts: string[] = [input.snapshot.status, input.snapshot.engine?.version ?? '', String(matching.length), String(offset), selected?.id ?? ''];
	for (const total of totals) parts.push(`${total.family}:${total.containers}:${total.withStats}:${percent(total.cpuPercent)}:${memBytes(total.memUsage)}`);
	for (const row of visible) parts.push(row.id, row.status, row.variant.family, row.stats ? '+' : '-', ...rowCells(input.layout, row));
	if (input.detail && selected) {
		parts.push(String(selected.history.at(-1)?.at ?? 0), selected.variant.detail ?? '', selected.image, selected.project ?? '');
	}

	return {rows, matching, visible, selected, index, offset, totals, key: parts.join('\u0000')};
}
