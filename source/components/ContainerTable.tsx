import {Box, Text} from 'ink';
import {headerCells, type LaidOutColumn, rowCells, type Sort} from '../top/columns.js';
import type {TopRow} from '../top/rows.js';
import ContainerRow, {type Tone} from './ContainerRow.js';

type Props = {
	/** Only the rows on screen. */
	rows: TopRow[];
	layout: LaidOutColumn[];
	sort: Sort;
	selectedId?: string;
	/** Lines for rows (the header line comes on top). */
	height: number;
	gap?: number;
	empty?: string;
};

const statusColors: Record<string, string> = {healthy: 'green', running: 'green', unhealthy: 'red', starting: 'yellow', restarting: 'yellow', paused: 'yellow', dead: 'red'};
const variantColors: Record<string, string> = {alpine: 'cyan', regular: 'blue', unknown: 'gray'};

function tone(row: TopRow): Tone {
	return {
		status: statusColors[row.status] ?? (row.running ? undefined : 'gray'),
		variant: variantColors[row.variant.family],
		dim: !row.running,
	};
}

/** The container table: a header with the sort mark, then one line per row on screen. */
export default function ContainerTable({rows, layout, sort, selectedId, height, gap = 2, empty = 'No containers match.'}: Props) {
	const spacer = ' '.repeat(gap);
	const statusIndex = layout.findIndex(column => column.id === 'status');
	const variantIndex = layout.findIndex(column => column.id === 'variant');
	return (
		<Box flexDirection="column" height={height + 1}>
			<Text bold wrap="truncate">
				{headerCells(layout, sort).join(spacer)}
			</Text>
			{rows.length === 0 ? <Text dimColor>{empty}</Text> : null}
			{rows.map(row => (
				<ContainerRow
					key={row.id}
					cells={rowCells(layout, row)}
					selected={row.id === selectedId}
					tone={tone(row)}
					statusIndex={statusIndex}
					variantIndex={variantIndex}
					gap={spacer}
				/>
			))}
		</Box>
	);
}
