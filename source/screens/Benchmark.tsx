import {Box, Text, useStdout} from 'ink';
import {useState} from 'react';
import BenchTable from '../components/BenchTable.js';
import StatusBadge from '../components/StatusBadge.js';
import {benchProjectNames} from '../flows/bench/engine.js';
import {alternate, benchFlow, defaultBudget, defaultMax} from '../flows/bench/run.js';
import type {BenchInput} from '../flows/bench/types.js';
import {formatMB, formatMs, stripControl} from '../format.js';
import {ExitCode} from '../flows/exit-code.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useFlow} from '../hooks/use-flow.js';
import {useKeymap} from '../hooks/use-keymap.js';
import type {SizedStream} from '../hooks/use-terminal-size.js';
import {useProgress} from '../hooks/use-progress.js';
import {benchMarkdown} from '../headless/bench-markdown.js';
import type {RouteParams, ScreenProps} from './types.js';

/** The input from the params `alpinist bench` opens the screen with (defaults from the home menu). */
export function inputFromParams(params: RouteParams['bench'] = {}): BenchInput {
	return {
		runs: params.runs ?? 3,
		buildTime: params.buildTime ?? false,
		capacity: params.capacity ?? false,
		budget: params.budget ?? defaultBudget,
		max: params.max ?? defaultMax,
	};
}

function describeTargets(targets: unknown): string {
	if (!Array.isArray(targets)) return 'no targets recorded';
	const judged = (targets as Array<{pass: boolean | null}>).filter(target => target.pass !== null);
	return `${judged.filter(target => target.pass).length} of ${judged.length} measured targets met`;
}

/**
 * The guide's Step 3 as a screen: the rounds as they run (which run, which variant, what it is
 * doing), then the side-by-side table against the guide's targets. Opened by `alpinist bench` it
 * starts at once; from the menu it waits for r.
 */
export default function Benchmark({isActive, params}: ScreenProps<RouteParams['bench']>) {
	const {back, flow: context} = useAppContext();
	const [input, setInput] = useState(() => inputFromParams(params));
	const {state, start, cancel} = useFlow(benchFlow, {autoStart: params?.autostart ? input : undefined, lock: 'bench'});
	// After x the flow still removes its stacks: it is "stopping" until its outcome arrives.
	const [cancelled, setCancelled] = useState(false);
	const stopping = cancelled && state.status === 'running';
	const [view, setView] = useState<'table' | 'methods' | 'markdown'>('table');
	const [offset, setOffset] = useState(0);
	const {stdout} = useStdout();
	const history = useProgress().history.bench ?? [];
	const running = state.status === 'running' && !cancelled;
	const idle = state.status !== 'running';
	const result = state.outcome?.data ?? state.data.find(entry => entry.kind === 'bench.result')?.data;
	// The Markdown preview scrolls: it is longer than a terminal.
	const markdown = result && view === 'markdown' ? benchMarkdown(result).trimEnd().split('\n') : [];
	const page = Math.max(5, ((stdout as SizedStream | undefined)?.rows ?? 35) - 10);
	const scroll = (by: number) => setOffset(current => Math.max(0, Math.min(Math.max(0, markdown.length - page), current + by)));
	const run = (next: BenchInput) => {
		setInput(next);
		setView('table');
		setCancelled(false);
		start(next);
	};

	useKeymap(
		[
			{keys: ['r'], label: state.status === 'idle' ? 'run' : 'run again', when: idle, run: () => run({...input, capacity: false})},
			{keys: ['+', '='], hint: '+/-', label: `rounds (${input.runs})`, when: idle, run: () => setInput(current => ({...current, runs: Math.min(20, current.runs + 1)}))},
			{keys: ['-'], when: idle, run: () => setInput(current => ({...current, runs: Math.max(1, current.runs - 1)}))},
			{keys: ['c'], label: 'with capacity', when: idle, run: () => run({...input, capacity: true})},
			{keys: ['h'], label: view === 'methods' ? 'hide methods' : 'how measured', when: Boolean(result), run: () => setView(current => (current === 'methods' ? 'table' : 'methods'))},
			{keys: ['m'], label: view === 'markdown' ? 'table' : 'markdown', when: Boolean(result), run: () => {
				setOffset(0);
				setView(current => (current === 'markdown' ? 'table' : 'markdown'));
			}},
			{keys: ['up', 'k'], hint: '↑↓', label: 'scroll', when: view === 'markdown', run: () => scroll(-1)},
			{keys: ['down', 'j'], when: view === 'markdown', run: () => scroll(1)},
			{keys: ['pageup'], when: view === 'markdown', run: () => scroll(-page)},
			{keys: ['pagedown', 'space'], when: view === 'markdown', run: () => scroll(page)},
			{keys: ['x'], label: 'stop (removes the bench stacks)', when: running, run: () => {
				setCancelled(true);
				cancel();
			}},
			{keys: ['escape'], label: 'back', when: !running, run: () => back()},
		],
		{isActive},
	);

	const names = benchProjectNames(context.project.name);
	const order = alternate(input.runs).map(variant => (variant === 'regular' ? 'R' : 'A')).join(' ');
	const last = history.at(-1);
	return (
		<Box flexDirection="column" paddingX={1}>
			<Text>
				<Text bold>{input.runs} round(s)</Text>
				<Text dimColor> {order} (R regular, A Alpine) · stacks </Text>
				<Text>{names.regular}</Text>
				<Text dimColor>, </Text>
				<Text>{names.alpine}</Text>
				{input.buildTime ? <Text dimColor> · build --no-cache timed</Text> : null}
				{input.capacity ? <Text dimColor> · capacity under {formatMB(input.budget ?? defaultBudget)}, ≤ {input.max} copies</Text> : null}
			</Text>
			{state.status === 'idle' ? (
				<Box flexDirection="column" marginTop={1}>
					<Text>Starts both variants {input.runs} time(s) each, alternating, on ports the engine picks; your own stacks are not touched.</Text>
					<Text dimColor>
						{last ? `Last benchmark: ${last.at}, ${describeTargets(last.targets)}.` : 'No benchmark recorded yet.'}
					</Text>
				</Box>
			) : null}
			{state.status !== 'idle' && (running || !result) ? (
				<Box flexDirection="column" marginTop={1}>
					{state.steps.map(step => {
						// A step still running when the bench was stopped shows as stopped, not spinning.
						const status = step.status === 'running' && cancelled ? 'skip' : step.status;
						return (
						<Text key={step.id} wrap="truncate-end">
							<StatusBadge status={status} /> <Text bold={status === 'running'}>{step.title.padEnd(24)}</Text>
							<Text dimColor>
								{status === 'skip' && step.status === 'running' ? 'stopped' : status === 'running' ? state.progress[step.id]?.label ?? '' : stripControl(step.summary ?? '')}
								{step.durationMs === undefined ? '' : ` (${formatMs(step.durationMs)})`}
							</Text>
						</Text>
						);
					})}
				</Box>
			) : null}
			{stopping ? <Text color="yellow">Stopping: removing the bench stacks…</Text> : null}
			{state.messages
				.filter(message => message.level !== 'info')
				.map((message, index) => (
					<Text key={index} color={message.level === 'error' ? 'red' : 'yellow'}>
						{message.text}
					</Text>
				))}
			{result && !running ? (
				<Box flexDirection="column" marginTop={1}>
					<Text dimColor>
						{result.samples.filter(sample => sample.ok).length} of {result.samples.length} runs passed
						{result.samples.some(sample => !sample.ok) ? ` — failed: ${result.samples.filter(sample => !sample.ok).map(sample => `run ${sample.run} ${sample.variant}: ${sample.error}`).join('; ')}` : ''}
					</Text>
					{view === 'markdown' ? (
						<Box flexDirection="column">
							<Text dimColor>
								Markdown for a CI job summary (alpinist bench --markdown), lines {offset + 1}–{Math.min(markdown.length, offset + page)} of {markdown.length}:
							</Text>
							{markdown.slice(offset, offset + page).map((line, index) => (
								// One terminal row per line, so the page scrolls exactly: long lines are cut at the edge.
								<Text key={offset + index} wrap="truncate-end">
									{line || ' '}
								</Text>
							))}
						</Box>
					) : (
						<BenchTable result={result} methods={view === 'methods'} />
					)}
				</Box>
			) : null}
			{state.outcome && !result ? <Text color={state.outcome.exitCode === ExitCode.interrupted ? "yellow" : "red"}>{state.outcome.summary}</Text> : null}
		</Box>
	);
}
