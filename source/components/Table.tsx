import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {type ColumnSpec, layoutColumns, padCell, rule, type Scalar, type ScalarDict} from '../headless/text-table.js';

/**
 * A boxed table for Ink with the API of @alcalzone/ink-table (data, columns, padding, header,
 * cell, skeleton), plus what that one lacks: cells learn their row, column key and value (to colour
 * a verdict), padding 0 is allowed, rules between rows are optional, and rows are not hashed for
 * keys. Layout is shared with the plain-text renderer (headless/text-table.ts).
 */

export type {ColumnAlignment, ColumnProps, ScalarDict} from '../headless/text-table.js';

export type CellProps = {
	/** Column index. */
	column: number;
	columnKey: string;
	/** Row index in data; -1 for the heading. */
	row: number;
	/** The raw value of the cell. */
	value: Scalar;
	/** The value padded and aligned to the column width. */
	children: string;
};

export type Props<T extends ScalarDict> = {
	data: T[];
	/** Columns to show, in order (a key, or {key, align}); defaults to every key of the data. */
	columns?: Array<ColumnSpec<T>>;
	/** Spaces on each side of a cell (default 1). */
	padding?: number;
	header?: (props: CellProps) => ReactNode;
	cell?: (props: CellProps) => ReactNode;
	skeleton?: (props: {children: string}) => ReactNode;
	/** A rule between data rows, as ink-table draws them (default true); false keeps tall tables short. */
	rowSeparators?: boolean;
};

export function HeaderCell({children}: CellProps) {
	return <Text bold>{children}</Text>;
}

export function Cell({children}: CellProps) {
	return <Text>{children}</Text>;
}

export function Skeleton({children}: {children: string}) {
	return <Text dimColor>{children}</Text>;
}

export default function Table<T extends ScalarDict>({data, columns, padding = 1, header = HeaderCell, cell = Cell, skeleton = Skeleton, rowSeparators = true}: Props<T>) {
	const layout = layoutColumns(data, columns, padding);
	const Line = skeleton;
	const HeaderComponent = header;
	const CellComponent = cell;
	const line = (values: Record<string, Scalar>, index: number) => (
		<Box flexDirection="row">
			<Line>│</Line>
			{layout.map((column, columnIndex) => {
				const props: CellProps = {column: columnIndex, columnKey: column.key, row: index, value: values[column.key], children: padCell(values[column.key], column, padding)};
				return (
					<Box key={column.key}>
						{index === -1 ? <HeaderComponent {...props} /> : <CellComponent {...props} />}
						<Line>│</Line>
					</Box>
				);
			})}
		</Box>
	);

	const headings = Object.fromEntries(layout.map(column => [column.key, column.key]));
	return (
		<Box flexDirection="column">
			<Line>{rule(layout, '┌', '┬', '┐')}</Line>
			{line(headings, -1)}
			{rowSeparators ? null : <Line>{rule(layout, '├', '┼', '┤')}</Line>}
			{data.map((values, index) => (
				<Box key={index} flexDirection="column">
					{rowSeparators ? <Line>{rule(layout, '├', '┼', '┤')}</Line> : null}
					{line(values, index)}
				</Box>
			))}
			<Line>{rule(layout, '└', '┴', '┘')}</Line>
		</Box>
	);
}
