import {Box, Text} from 'ink';
import type {Confirmation} from '../flows/types.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {stripControl} from '../format.js';

type Props = {question: Confirmation; isActive: boolean; onAnswer: (yes: boolean) => void};

/** Shows exactly what will happen, then asks. Destructive questions need an explicit "y". */
export default function Confirm({question, isActive, onAnswer}: Props) {
	useKeymap(
		[
			{keys: ['y'], label: question.action, run: () => onAnswer(true)},
			{keys: ['n', 'escape'], label: 'cancel', hint: 'n/esc', run: () => onAnswer(false)},
		],
		{isActive},
	);
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={question.destructive ? 'red' : 'yellow'} paddingX={1}>
			<Text bold>{question.title}</Text>
			{question.items.map((item, index) => (
				<Text key={index}>  • {stripControl(item)}</Text>
			))}
			<Text>
				Press <Text bold color={question.destructive ? 'red' : 'yellow'}>y</Text> to {question.action}, <Text bold>n</Text> to cancel.
			</Text>
		</Box>
	);
}
