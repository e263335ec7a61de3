import {Box, Text} from 'ink';
import {formatComparison, formatTargetSummary, methodLine, tableColumns, tableRows, unitOf} from '../flows/bench/cells.js';
import type {BenchResult} from '../flows/bench/types.js';
import Table, {type CellProps} from './Table.js';

type Props = {result: BenchResult; /** List how each figure was measured in place of the targets. */ methods?: boolean};

function VerdictCell({children, value, columnKey}: CellProps) {
	const text = String(value ?? '');
	const color = columnKey === 'Result' ? (text.includes('pass') ? 'green' : text.includes('fail') ? 'red' : undefined) : undefined;
	return <Text color={color}>{children}</Text>;
}

/** The side-by-side table, the line that says how to read it, the guide's targets and the comparison with the last benchmark. */
export default function BenchTable({result, methods = false}: Props) {
	const columns = tableColumns.map(key => (key === 'Metric' || key === 'Result' ? key : {key, align: 'right' as const}));
	return (
		<Box flexDirection="column">
			<Table data={tableRows(result)} columns={columns} cell={VerdictCell} rowSeparators={false} />
			<Text dimColor wrap="wrap">
				{methodLine(result)}
			</Text>
			{methods
				? result.rows
						.filter(row => !row.label.startsWith('  '))
						.map(row => (
							<Text key={row.id} dimColor wrap="wrap">
								• {row.label}: {row.method}
							</Text>
						))
				: null}
			<Box flexDirection="column" marginTop={1} display={methods ? 'none' : 'flex'}>
				{result.targets.map(target => (
					<Text key={target.id} color={target.pass === undefined ? 'gray' : target.pass ? 'green' : 'red'} wrap="truncate-end">
						{formatTargetSummary(target)}
					</Text>
				))}
			</Box>
			{result.previousAt && !methods ? (
				<Box flexDirection="column" marginTop={1}>
					<Text color={result.regressions.length > 0 ? 'yellow' : undefined}>
						Against the benchmark of {result.previousAt}: {result.regressions.length === 0 ? 'no regression' : `${result.regressions.length} regression(s)`}
					</Text>
					{result.regressions.map(comparison => (
						<Text key={`${comparison.id}-${comparison.variant}`} color="yellow">
							{'  '}
							{formatComparison(comparison, unitOf(result, comparison.id))}
						</Text>
					))}
				</Box>
			) : null}
		</Box>
	);
}
