import {Box, Text} from 'ink';

type Props = {hints: string[]};

/** The footer: one "key action" pair per binding of the active screen's keymap. */
export default function KeyHints({hints}: Props) {
	return (
		<Box flexWrap="wrap" columnGap={2}>
			{hints.map(hint => {
				const [keys, ...label] = hint.split(' ');
				return (
					<Text key={hint}>
						<Text bold color="cyan">
							{keys}
						</Text>
						<Text dimColor> {label.join(' ')}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
