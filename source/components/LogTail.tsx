import {Box, Text} from 'ink';
import {stripControl} from '../format.js';

type Props = {
	title: string;
	lines: Array<{source?: string; line: string}>;
	/** How many of the last lines to show. */
	height: number;
	/** Shown at the right of the title, e.g. "l expand". */
	hint?: string;
};

/** The last lines of a step's output (build log, compose, smoke tests), prefixed with their source. */
export default function LogTail({title, lines, height, hint}: Props) {
	const shown = lines.slice(-height);
	return (
		<Box flexDirection="column" borderStyle="single" borderColor="gray" borderLeft={false} borderRight={false} borderBottom={false}>
			<Text dimColor>
				{title} · last {shown.length} of {lines.length} lines{hint ? ` · ${hint}` : ''}
			</Text>
			{shown.length === 0 ? <Text dimColor>(no output yet)</Text> : null}
			{shown.map((entry, index) => (
				<Text key={lines.length - shown.length + index} wrap="truncate">
					{entry.source ? <Text color="cyan">{stripControl(entry.source).padEnd(9).slice(0, 9)}│ </Text> : null}
					{stripControl(entry.line)}
				</Text>
			))}
		</Box>
	);
}
