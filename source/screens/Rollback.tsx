import {Box, Text} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import BigTime from '../components/BigTime.js';
import RollbackSteps from '../components/RollbackSteps.js';
import {formatMs, stripControl} from '../format.js';
import {type RollbackEvents, type RollbackInput, type RollbackResult, rollbackFlow, rollbackTitles} from '../flows/rollback/index.js';
import {pendingRollback} from '../flows/rollback/journal.js';
import type {RollbackMode} from '../flows/rollback/plan.js';
import type {Flow} from '../flows/types.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useElapsed} from '../hooks/use-elapsed.js';
import {useFlow} from '../hooks/use-flow.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useProgress} from '../hooks/use-progress.js';
import type {RouteParams, ScreenProps} from './types.js';

const choices: Array<{key: string; mode: RollbackMode; title: string; text: string}> = [
	{key: 'e', mode: 'emergency', title: 'Emergency', text: 'stop the Alpine stack, start the regular one, wait until healthy, verify. Nothing is removed.'},
	{key: 'p', mode: 'permanent', title: 'Permanent', text: 'regular becomes the default; the Alpine stacks come down with their volumes (each backed up first) and the Alpine images the project built are removed.'},
];

/**
 * The guide's Rollback Procedures: choose emergency or permanent, read the exact list of what
 * stops and goes, confirm, then watch the steps with the time running in big digits.
 */
export default function Rollback({isActive, params = {}}: ScreenProps<RouteParams['rollback']>) {
	const {back, flow: context} = useAppContext();
	const progress = useProgress();
	const pending = useMemo(() => pendingRollback(context.progress), [progress]);
	const last = progress.history.rollback?.at(-1) as ({at: string; mode?: string; ok?: boolean; durationMs?: number} | undefined);
	const yes = params.yes === true;
	const input = useRef<RollbackInput>({
		backup: params.backup !== false,
		backupDir: params.backupDir,
		smoke: params.smoke !== false,
	});
	const flow = useMemo<Flow<RollbackInput, RollbackResult, RollbackEvents>>(() => (ctx, value) => rollbackFlow(yes ? {...ctx, confirm: async () => true} : ctx, value), [yes]);
	const {state, start} = useFlow(flow, {lock: 'rollback'});
	const [chosen, setChosen] = useState<RollbackMode | undefined>();
	const run = (mode?: RollbackMode) => {
		setChosen(mode ?? pending?.mode);
		start({...input.current, mode});
	};

	useEffect(() => {
		// Find compose while the person reads the choices: the rollback should not wait for it.
		context.compose().catch(() => {});
		if (params.emergency) run('emergency');
		else if (params.permanent) run('permanent');
	}, []);

	// The clock starts when the first step after the plan runs: after the confirmation, as the flow measures.
	const startedAt = state.steps.find(step => step.id !== 'plan')?.seenAt;
	const elapsed = useElapsed(startedAt, state.status === 'running');
	const result = state.outcome?.data;
	const idle = state.status === 'idle';

	useKeymap(
		[
			{keys: ['e'], label: 'emergency', when: idle, run: () => run('emergency')},
			{keys: ['p'], label: 'permanent', when: idle, run: () => run('permanent')},
			{keys: ['r'], label: `resume the ${pending?.mode ?? ''} rollback`, when: idle && Boolean(pending), run: () => run()},
			{keys: ['a'], label: 'again', when: state.status === 'done', run: () => run(result?.mode)},
			{keys: ['escape', 'q'], hint: 'esc', label: 'back', when: state.status !== 'running', run: back},
		],
		{isActive},
	);

	if (idle) {
		return (
			<Box flexDirection="column" paddingX={1} marginTop={1}>
				{pending ? (
					<Box borderStyle="round" borderColor="yellow" paddingX={1} marginBottom={1}>
						<Text>
							<Text bold color="yellow">Interrupted {pending.mode} rollback</Text> at “{rollbackTitles[pending.current ?? ''] ?? pending.current ?? 'its start'}”, {pending.done.length} step(s) done,
							started {pending.startedAt}. Press <Text bold>r</Text> to resume it.
						</Text>
					</Box>
				) : null}
				{choices.map(choice => (
					<Box key={choice.key} marginBottom={1}>
						<Box width={4} flexShrink={0}>
							<Text bold color="cyan">
								{choice.key}
							</Text>
						</Box>
						<Box width={12} flexShrink={0}>
							<Text bold>{choice.title}</Text>
						</Box>
						<Box flexShrink={1}>
							<Text>{choice.text}</Text>
						</Box>
					</Box>
				))}
				<Text dimColor>
					You see exactly what will be stopped and removed, and confirm, before anything changes.{context.dryRun ? ' Dry run: nothing will change.' : ''}
				</Text>
				{last ? (
					<Text dimColor>
						Last rollback: {last.mode} {last.ok ? 'done' : 'failed'} in {formatMs(last.durationMs ?? Number.NaN)} ({last.at})
					</Text>
				) : null}
			</Box>
		);
	}

	const done = state.status === 'done';
	const ok = state.outcome?.ok;
	const shownMs = done ? result?.durationMs : elapsed;
	return (
		<Box flexDirection="column" paddingX={1} marginTop={1}>
			{state.messages.filter(message => message.level !== 'info').map((message, index) => (
				<Text key={index} color={message.level === 'error' ? 'red' : message.level === 'warn' ? 'yellow' : undefined}>
					{stripControl(message.text)}
				</Text>
			))}
			<Text bold>{(result?.mode ?? chosen) === 'permanent' ? 'Permanent rollback' : (result?.mode ?? chosen) === 'emergency' ? 'Emergency rollback' : 'Rollback'}</Text>
			<RollbackSteps steps={state.steps} progress={state.progress} expand={context.dryRun || (done && !result?.confirmed) ? ['plan'] : []} />
			{state.status === 'running' ? (
				<Box flexDirection="column" marginTop={1}>
					{state.logs.slice(-4).map((log, index) => (
						<Text key={index} dimColor wrap="truncate-end">
							{'  '}
							{stripControl(log.line)}
						</Text>
					))}
				</Box>
			) : null}
			{shownMs === undefined ? null : (
				<Box marginTop={1} flexDirection="column">
					<BigTime ms={shownMs} color={done ? (ok ? 'green' : 'red') : 'cyan'} label={done ? 'confirmation → verified' : 'running'} />
					{done && result?.servingAfterMs ? <Text dimColor>endpoints answering after {formatMs(result.servingAfterMs)} · monotonic clock</Text> : null}
				</Box>
			)}
			{done ? (
				<Box marginTop={1} flexDirection="column">
					<Text color={ok ? 'green' : 'red'} bold>
						{stripControl(state.outcome?.summary ?? '')}
					</Text>
					{result?.backups && result.backups.volumes.length > 0 ? (
						<Box flexDirection="column" marginTop={1}>
							<Text>
								<Text bold>Backups</Text> {result.backups.dir}
							</Text>
							{result.backups.volumes.map(volume => (
								<Text key={volume.volume} dimColor>
									{'  '}
									{volume.file}
								</Text>
							))}
							<Text>
								<Text bold>Restore</Text> {result.backups.restore[0]}
							</Text>
						</Box>
					) : null}
				</Box>
			) : null}
		</Box>
	);
}
