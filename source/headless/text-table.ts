/**
 * Table layout shared by the Ink <Table> and plain output: column widths, padding, alignment, and
 * the same box-drawing rendered as lines. Widths count code points: keep cells to single-width
 * characters (✓ ✗ × – are fine; CJK and emoji are not).
 */

export type Scalar = string | number | boolean | null | undefined;
export type ScalarDict = Record<string, Scalar>;
export type ColumnAlignment = 'left' | 'right' | 'center';
export type ColumnProps<K> = {key: K; align?: ColumnAlignment};
export type ColumnSpec<T extends ScalarDict> = (keyof T & string) | ColumnProps<keyof T & string>;
export type Column = {key: string; width: number; align: ColumnAlignment};

export function textWidth(value: Scalar): number {
	return value === null || value === undefined ? 0 : Array.from(String(value)).length;
}

export function layoutColumns<T extends ScalarDict>(data: T[], columns: Array<ColumnSpec<T>> | undefined, padding: number): Column[] {
	const keys = columns ?? [...new Set(data.flatMap(row => Object.keys(row)))];
	return keys.map(entry => {
		const props = typeof entry === 'object' ? entry : {key: entry, align: 'left' as const};
		const key = String(props.key);
		const width = Math.max(textWidth(key), ...data.map(row => textWidth(row[key]))) + padding * 2;
		return {key, width, align: props.align ?? 'left'};
	});
}

/** The cell's text padded to the column width, aligned. */
export function padCell(value: Scalar, column: Column, padding: number): string {
	const text = value === null || value === undefined ? '' : String(value);
	const spaces = column.width - textWidth(text);
	let left = padding;
	if (column.align === 'right') left = spaces - padding;
	else if (column.align === 'center') left = Math.floor(spaces / 2);
	left = Math.max(0, left);
	return `${' '.repeat(left)}${text}${' '.repeat(Math.max(0, spaces - left))}`;
}

export function rule(layout: Column[], left: string, cross: string, right: string): string {
	return `${left}${layout.map(column => '─'.repeat(column.width)).join(cross)}${right}`;
}

/** The table as lines of text (a rule under the heading, none between rows). */
export function renderTextTable<T extends ScalarDict>(data: T[], options: {columns?: Array<ColumnSpec<T>>; padding?: number} = {}): string[] {
	const padding = options.padding ?? 1;
	const layout = layoutColumns(data, options.columns, padding);
	const line = (values: Record<string, Scalar>) => `│${layout.map(column => padCell(values[column.key], column, padding)).join('│')}│`;
	return [
		rule(layout, '┌', '┬', '┐'),
		line(Object.fromEntries(layout.map(column => [column.key, column.key]))),
		rule(layout, '├', '┼', '┤'),
		...data.map(values => line(values)),
		rule(layout, '└', '┴', '┘'),
	];
}
