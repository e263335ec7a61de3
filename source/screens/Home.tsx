import {existsSync} from 'node:fs';
import {Box, Text} from 'ink';
import {useState} from 'react';
import StatusBadge from '../components/StatusBadge.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useProgress} from '../hooks/use-progress.js';
import {derivePhases, nextTask} from '../project/phases.js';
import type {ScreenProps} from './types.js';

const phaseStatus = {done: 'pass', 'in-progress': 'warn', todo: 'pending'} as const;

/** The guide's phases with their status from the progress store, the next step, and a menu to every screen. */
export default function Home({isActive}: ScreenProps) {
	const {navigate, exit, flow, menu} = useAppContext();
	const progress = useProgress();
	const phases = derivePhases(progress, {alpineFiles: Boolean(flow.project.compose.alpine && existsSync(flow.project.compose.alpine))});
	const next = nextTask(phases);
	const [selected, setSelected] = useState(() => Math.max(0, menu.findIndex(screen => screen.id === next?.screen)));

	useKeymap(
		[
			{keys: ['up', 'k'], hint: '↑↓', label: 'select', run: () => setSelected(index => (menu.length === 0 ? 0 : (index + menu.length - 1) % menu.length))},
			{keys: ['down', 'j'], run: () => setSelected(index => (menu.length === 0 ? 0 : (index + 1) % menu.length))},
			{keys: ['return'], label: 'open', when: menu.length > 0, run: () => menu[selected].open()},
			{keys: ['n'], label: `next: ${next?.title ?? 'all done'}`, when: Boolean(next), run: () => next && navigate({id: next.screen})},
			// Esc is "back" everywhere else; at the root it does nothing, so one press too many never quits.
			{keys: ['q'], label: 'quit', run: () => exit(0)},
		],
		{isActive},
	);

	return (
		<Box flexDirection="column" paddingX={1}>
			{flow.progress.warning ? <Text color="yellow">{flow.progress.warning.message}</Text> : null}
			<Box flexDirection="row" columnGap={4} marginTop={1}>
				<Box flexDirection="column" width={50}>
					<Text bold underline>
						Migration phases
					</Text>
					{phases.map(phase => (
						<Box key={phase.id} flexDirection="column" marginTop={1}>
							<Text>
								<StatusBadge status={phaseStatus[phase.status]} /> <Text bold>{phase.title}</Text>
								<Text dimColor> {phase.status.replace('-', ' ')}</Text>
							</Text>
							{phase.tasks.map(task => (
								<Text key={task.id} color={task.id === next?.id ? 'cyan' : undefined} dimColor={task.done}>
									{'   '}
									{task.done ? '✓' : task.id === next?.id ? '➜' : '·'} {task.title}
								</Text>
							))}
						</Box>
					))}
				</Box>
				<Box flexDirection="column">
					<Text bold underline>
						Screens
					</Text>
					<Box flexDirection="column" marginTop={1}>
						{menu.map((screen, index) => (
							<Text key={screen.id} inverse={index === selected} wrap="truncate-end">
								{index === selected ? '› ' : '  '}
								<Text bold>{screen.title.padEnd(16)}</Text>
								<Text dimColor={index !== selected}>{screen.description}</Text>
							</Text>
						))}
					</Box>
				</Box>
			</Box>
		</Box>
	);
}
