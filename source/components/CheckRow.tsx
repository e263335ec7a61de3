import {Box, Text} from 'ink';
import {memo} from 'react';
import {stripControl} from '../format.js';
import type {CheckResult} from '../flows/checks/types.js';
import StatusBadge from './StatusBadge.js';

type Props = {
	title: string;
	status: CheckResult['status'] | 'running' | 'pending';
	result?: CheckResult;
	selected: boolean;
	/** Width of the title column. */
	titleWidth: number;
	/** How many detail lines the expanded view may show. */
	maxDetail?: number;
	/** The list's shared spinner frame, shown while the check runs. */
	spinner: string;
};

const statusColor = {pass: 'green', warn: 'yellow', fail: 'red', skip: 'gray', running: 'cyan', pending: 'gray'} as const;

/** One check: mark, title, measured value; when selected, what was expected, the fix and the detail. */
function CheckRow({title, status, result, selected, titleWidth, maxDetail = 6, spinner}: Props) {
	const value = status === 'running' ? 'checking…' : status === 'pending' ? '' : stripControl(result?.value ?? '');
	const detail = (result?.detail ?? []).map(line => stripControl(line));
	return (
		<Box flexDirection="column">
			<Box>
				<Box width={4} flexShrink={0}>
					<Text color="cyan">{selected ? '›' : ' '} </Text>
					{status === 'running' ? <Text color="cyan">{spinner}</Text> : <StatusBadge status={status} />}
				</Box>
				<Box width={titleWidth} flexShrink={0}>
					<Text bold={selected} wrap="truncate-end">
						{title}
					</Text>
				</Box>
				{/* Basis 0: the value takes what is left and is cut there, never pushing the columns around it. */}
				<Box flexGrow={1} flexShrink={1} flexBasis={0}>
					<Text wrap="truncate-end" color={status === 'fail' ? 'red' : status === 'warn' ? 'yellow' : undefined} dimColor={status === 'running' || status === 'skip'}>
						{value}
					</Text>
				</Box>
				<Box width={8} flexShrink={0} justifyContent="flex-end">
					<Text dimColor>{result?.durationMs === undefined ? '' : `${Math.round(result.durationMs)} ms`}</Text>
				</Box>
			</Box>
			{selected && result ? (
				<Box flexDirection="column" marginLeft={4} marginBottom={1}>
					<Text>
						<Text dimColor>measured </Text>
						<Text color={statusColor[status]}>{value}</Text>
					</Text>
					{result.expected ? (
						<Text>
							<Text dimColor>expected </Text>
							{stripControl(result.expected)}
						</Text>
					) : null}
					{result.fix ? (
						<Text>
							<Text dimColor>fix      </Text>
							<Text color="cyan">{stripControl(result.fix)}</Text>
						</Text>
					) : null}
					{detail.slice(0, maxDetail).map((line, index) => (
						<Text key={index} dimColor wrap="truncate-end">
							{'  '}
							{line}
						</Text>
					))}
					{detail.length > maxDetail ? <Text dimColor>  … {detail.length - maxDetail} more (alpinist check --json)</Text> : null}
				</Box>
			) : null}
		</Box>
	);
}

/** Rows that did not change (finished, not selected) skip rendering while the others spin. */
export default memo(CheckRow);
