import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import LogTail from '../components/LogTail.js';
import MeasurementTable from '../components/MeasurementTable.js';
import StatusBadge from '../components/StatusBadge.js';
import StepList from '../components/StepList.js';
import {formatMB, formatMs, stripControl} from '../format.js';
import {migrateFlow, type MigrateInput} from '../flows/migrate.js';
import {formatDate, migrateSteps} from '../flows/migrate-plan.js';
import {checkGate} from '../project/gate.js';
import {ExitCode} from '../flows/exit-code.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useFlow} from '../hooks/use-flow.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useProgress} from '../hooks/use-progress.js';
import {builtImages, failed, latestHealth, tailLines, tailStep} from './migrate-state.js';
import type {RouteParams, ScreenProps} from './types.js';

/**
 * The guide's Migration Steps 1 and 2, live: the step list with spinners and times, the current
 * step's output in a tail (l expands it), each image's size once built, each service's health
 * while waiting, and the measurements against the guide's expectations at the end. On a failure
 * it shows the service's health output and logs, and offers troubleshooting and rollback.
 */
export default function Migrate({isActive, params = {}}: ScreenProps<RouteParams['migrate']>) {
	const {navigate, replace, back, flow: context} = useAppContext();
	const progress = useProgress();
	const flow = useFlow(migrateFlow, {lock: 'migrate'});
	const {state, cancel} = flow;
	// Each run lists its steps afresh: its finished ones are written once, above the live area.
	const [run, setRun] = useState(0);
	const start = (value: MigrateInput) => {
		setRun(count => count + 1);
		flow.start(value);
	};
	const [expanded, setExpanded] = useState(false);
	const [forceRebuild, setForceRebuild] = useState(params.forceRebuild === true);
	const [skipCheck, setSkipCheck] = useState(params.skipCheck === true);
	const input: MigrateInput = {forceRebuild, skipCheck, alpine: params.alpine, env: process.env};
	const running = state.status === 'running';
	const isFailed = failed(state);
	const gate = checkGate({all: progress.steps['check.all'], override: progress.steps['check.override']}, skipCheck);

	// --yes starts the run at once, but only the first time this route is shown: the route then
	// drops it, so coming back to it (from Troubleshoot, say) does not start another run.
	useEffect(() => {
		if (!params.yes) return;
		replace({id: 'migrate', params: {...params, yes: false}});
		start(input);
	}, []);

	useKeymap(
		[
			{keys: ['return'], label: state.status === 'idle' ? 'start' : 'run again', when: !running && gate.allowed, run: () => start(input)},
			{keys: ['f'], label: `force rebuild ${forceRebuild ? 'on' : 'off'}`, when: !running, run: () => setForceRebuild(value => !value)},
			{keys: ['s'], label: 'skip the failed checklist', when: !running && !gate.allowed, run: () => setSkipCheck(true)},
			{keys: ['l'], label: expanded ? 'shorter log' : 'longer log', when: state.status !== 'idle', run: () => setExpanded(value => !value)},
			{keys: ['c'], label: 'cancel', when: running, run: cancel},
			{keys: ['d'], label: 'troubleshoot', when: isFailed, run: () => navigate({id: 'doctor'})},
			{keys: ['r'], label: 'roll back', when: isFailed, run: () => navigate({id: 'rollback'})},
			{keys: ['escape', 'q'], hint: 'esc', label: 'back', when: !running, run: back},
		],
		{isActive},
	);

	const step = tailStep(state);
	const lines = tailLines(state, step);
	const images = builtImages(state);
	const health = latestHealth(state);
	const waiting = state.steps.some(candidate => candidate.id === 'migrate.healthy' && candidate.status === 'running') || state.steps.some(s => s.id === 'migrate.start' && s.status === 'running');
	const measurements = state.outcome?.data?.verify?.measurements ?? [];
	const stepTitle = state.steps.find(candidate => candidate.id === step)?.title ?? step;

	return (
		<Box flexDirection="column" paddingX={1}>
			<Text>
				Alpine stack <Text bold>{context.project.projectNames.alpine}</Text>
				<Text dimColor>
					{' '}
					from {context.project.compose.alpine ? context.project.compose.alpine.replace(`${context.project.root}/`, '') : '(no Alpine compose file)'} · default variant {progress.defaultVariant}
					{forceRebuild ? ' · --force-rebuild' : ''}
				</Text>
			</Text>
			{state.status === 'idle' ? (
				<Box flexDirection="column" marginTop={1}>
					{gate.message ? <Text color={gate.allowed ? 'yellow' : 'red'}>{gate.message}</Text> : null}
					{migrateSteps.map(planned => {
						const record = progress.steps[planned.id];
						return (
							<Text key={planned.id}>
								<StatusBadge status={record?.status === 'pass' || record?.status === 'warn' ? record.status : record?.status === 'fail' ? 'fail' : 'pending'} /> {planned.title.padEnd(40)}
								<Text dimColor>{record ? `${record.status} at ${formatDate(record.at)}${record.status === 'running' || record.status === 'interrupted' ? ' — resumes here' : ''}` : 'not run yet'}</Text>
							</Text>
						);
					})}
					<Text dimColor>Steps already passed are skipped (built images are checked to still exist first).</Text>
				</Box>
			) : (
				<Box flexDirection="column" marginTop={1}>
					{state.messages.slice(-3).map((message, index) => (
						<Text key={index} color={message.level === 'error' ? 'red' : message.level === 'warn' ? 'yellow' : undefined} dimColor={message.level === 'info'} wrap="truncate-end">
							{stripControl(message.text)}
						</Text>
					))}
					<StepList key={run} settledAbove staticIndent={1} planned={migrateSteps} steps={state.steps} progress={state.progress} detailLines={expanded ? 40 : 10} moreHint={expanded ? undefined : 'l shows them'} />
				</Box>
			)}
			{images.length > 0 ? (
				<Text>
					<Text dimColor>images </Text>
					{images.map(image => `${image.service} ${formatMB(image.bytes)}`).join(' · ')}
					<Text dimColor> (size as the engine reports it)</Text>
				</Text>
			) : null}
			{waiting && health.length > 0 ? (
				<Text>
					<Text dimColor>health </Text>
					{health.map(service => (
						<Text key={service.service}>
							<StatusBadge status={service.readyAfterMs !== undefined ? 'pass' : service.health === 'unhealthy' ? 'fail' : 'running'} /> {service.service} {service.readyAfterMs !== undefined ? formatMs(service.readyAfterMs) : service.state === 'missing' ? 'not created' : service.health}
							{'  '}
						</Text>
					))}
				</Text>
			) : null}
			{measurements.length > 0 && !expanded ? (
				<Box marginTop={1}>
					<MeasurementTable measurements={measurements} />
				</Box>
			) : null}
			{state.status !== 'idle' && (running || expanded) ? (
				<Box marginTop={1}>
					<LogTail title={`${stepTitle ?? 'output'}`} lines={lines} height={expanded ? 30 : 8} hint={expanded ? 'l shorter' : 'l longer'} />
				</Box>
			) : null}
			{state.outcome ? (
				<Box marginTop={1}>
					<Text color={state.outcome.ok ? 'green' : state.outcome.exitCode === ExitCode.interrupted ? 'yellow' : 'red'}>{state.outcome.summary}</Text>
				</Box>
			) : null}
		</Box>
	);
}
