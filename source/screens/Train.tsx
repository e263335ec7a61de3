import {Box, Text} from 'ink';
import {useState} from 'react';
import StatusBadge from '../components/StatusBadge.js';
import {engineerName, showCommand, exerciseContainer} from '../flows/training/exercise.js';
import {type ModuleResult, type TrainEvents, type TrainOutput, trainFlow} from '../flows/training/flow.js';
import {modules} from '../flows/training/modules.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useDockerStore} from '../hooks/use-docker-store.js';
import {type FlowState, useFlow} from '../hooks/use-flow.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useProgress} from '../hooks/use-progress.js';
import type {ScreenProps} from './types.js';

/** The guide's team training: a lesson per Alpine difference, each with a live exercise. */
export default function Train({isActive}: ScreenProps) {
	const {back, flow: context} = useAppContext();
	const progress = useProgress();
	const engineer = engineerName();
	const done = progress.trainings[engineer]?.modules ?? {};
	const [selected, setSelected] = useState(() => Math.max(0, modules.findIndex(module => !done[module.id])));
	// The training flow runs the selected module. The run under way (or just ended) is read from the
	// flow's state; earlier runs' ends are kept per module, handed over when the next run starts.
	const {state, start} = useFlow(trainFlow);
	const [runFor, setRunFor] = useState<string>();
	const [earlier, setEarlier] = useState<Record<string, ModuleResult | Error>>({});
	const last = runFor && state.status === 'done' ? endOf(state) : undefined;
	useDockerStore(snapshot => snapshot.containers.length);
	const container = exerciseContainer(context);
	const module = modules[selected];
	const result = runFor === module.id ? (state.status === 'running' ? 'running' : last) : earlier[module.id];

	const run = () => {
		if (!container) return;
		if (runFor && last) setEarlier(previous => ({...previous, [runFor]: last}));
		setRunFor(module.id);
		start({modules: [module], engineer});
	};

	useKeymap(
		[
			{keys: ['up', 'k'], hint: '↑↓', label: 'module', run: () => setSelected(index => Math.max(0, index - 1))},
			{keys: ['down', 'j'], run: () => setSelected(index => Math.min(modules.length - 1, index + 1))},
			{keys: ['return', 'x'], hint: 'enter', label: 'run the exercise', when: Boolean(container) && state.status !== 'running', run},
			{keys: ['escape', 'q'], hint: 'esc', label: 'back', run: back},
		],
		{isActive},
	);

	const count = modules.filter(m => done[m.id]).length;
	return (
		<Box flexDirection="column" paddingX={1} marginTop={1}>
			<Text>
				<Text bold>{engineer}</Text>: {count} of {modules.length} modules done
				{progress.trainings[engineer]?.completedAt ? <Text color="green"> — training completed</Text> : null}
			</Text>
			<Box marginTop={1} columnGap={3}>
				<Box flexDirection="column" width={30}>
					{modules.map((candidate, index) => (
						<Text key={candidate.id} inverse={index === selected}>
							{done[candidate.id] ? <Text color="green">✓</Text> : '·'} {candidate.title}
						</Text>
					))}
				</Box>
				<Box flexDirection="column" flexGrow={1}>
					<Text bold>{module.title}</Text>
					{module.lesson.map(line => (
						<Text key={line}>{line}</Text>
					))}
					<Box marginTop={1} flexDirection="column">
						{container ? (
							<Text dimColor>
								exercise in {container.name}: {showCommand(module.exercise.command)}
							</Text>
						) : (
							<Text color="yellow">No Alpine container runs: start one (alpinist up --alpine) to do the exercises.</Text>
						)}
						{result === 'running' ? (
							<Text>
								<StatusBadge status="running" /> running…
							</Text>
						) : result instanceof Error ? (
							<Text color="red">{result.message}</Text>
						) : result ? (
							<Box flexDirection="column">
								{result.output.slice(0, 10).map((line, index) => (
									<Text key={index} color="cyan">
										| {line}
									</Text>
								))}
								<Text>
									<StatusBadge status={result.passed ? 'pass' : 'fail'} /> {result.passed ? 'done — recorded' : `exit ${result.exitCode}: not as expected`}
								</Text>
								<Text dimColor>try it yourself: {module.exercise.tryIt(result.container)}</Text>
							</Box>
						) : null}
					</Box>
				</Box>
			</Box>
		</Box>
	);
}

/** How a run of one module ended: its result, or why there is none. */
function endOf(state: FlowState<TrainOutput, TrainEvents>): ModuleResult | Error {
	const [result] = state.data.flatMap(entry => (entry.kind === 'train.result' ? [entry.data] : []));
	return result ?? new Error(state.outcome?.summary ?? 'the exercise did not run');
}
