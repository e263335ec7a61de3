import {Box, Text} from 'ink';
import {useEffect, useMemo, useState} from 'react';
import CheckRow from '../components/CheckRow.js';
import {checklist} from '../flows/checklist.js';
import {checks} from '../flows/checks/index.js';
import type {CheckResult} from '../flows/checks/types.js';
import {formatMs} from '../format.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useFlow} from '../hooks/use-flow.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useProgress} from '../hooks/use-progress.js';
import {useSpinnerFrame} from '../hooks/use-spinner-frame.js';
import {currentUser, migrationGate, recordOverride} from '../project/gate.js';
import type {ScreenProps} from './types.js';

const overrideReason = 'overridden from the wizard';

/** The pre-migration checklist: every check at once, a spinner each, then pass / warn / fail with value, expectation and fix. */
export default function Checklist({isActive}: ScreenProps) {
	const {flow, navigate, back} = useAppContext();
	const progress = useProgress();
	const {state, start} = useFlow(checklist, {autoStart: {}});
	const [selected, setSelected] = useState(0);
	const results = useMemo(() => {
		const byId = new Map<string, CheckResult>();
		for (const item of state.data) if (item.kind === 'check') byId.set(item.data.id, item.data);
		return byId;
	}, [state.data]);
	const running = state.status === 'running';
	const done = state.status === 'done';
	const spinner = useSpinnerFrame(running);
	const failed = checks.filter(check => results.get(check.id)?.status === 'fail');
	const gate = migrationGate(progress);
	const overridden = done && failed.length > 0 && gate.allowed;
	// When the run ends, show the first failing check opened (then the first warning).
	useEffect(() => {
		if (!done) return;
		const first = checks.findIndex(check => results.get(check.id)?.status === 'fail');
		const warn = checks.findIndex(check => results.get(check.id)?.status === 'warn');
		if (first !== -1 || warn !== -1) setSelected(first === -1 ? warn : first);
	}, [done]);
	const count = (status: CheckResult['status']) => [...results.values()].filter(result => result.status === status).length;

	const override = async () => {
		const yes = await flow.confirm({
			title: `Start the migration although ${failed.length} ${failed.length === 1 ? 'check fails' : 'checks fail'}?`,
			items: [...failed.map(check => `${check.title}: ${results.get(check.id)?.value ?? ''}`), `recorded as "${overrideReason}" by ${currentUser()}`],
			action: 'override',
			destructive: false,
		});
		if (yes) recordOverride(flow.progress, {reason: overrideReason});
	};

	useKeymap(
		[
			{keys: ['up', 'k'], hint: '↑↓', label: 'select', run: () => setSelected(index => (index + checks.length - 1) % checks.length)},
			{keys: ['down', 'j'], run: () => setSelected(index => (index + 1) % checks.length)},
			{keys: ['r'], label: 're-run', when: !running, run: () => start({})},
			{keys: ['o'], label: 'override', when: done && failed.length > 0 && !overridden, run: () => void override()},
			{keys: ['m'], label: 'migrate', when: done && gate.allowed, run: () => navigate({id: 'migrate'})},
			{keys: ['escape'], label: 'back', run: () => back()},
		],
		{isActive},
	);

	const titleWidth = Math.max(...checks.map(check => check.title.length)) + 2;
	return (
		<Box flexDirection="column" paddingX={1}>
			<Box marginBottom={1}>
				<Text bold>Pre-migration checklist</Text>
				<Text dimColor>
					{'  '}
					{running
						? `${results.size} of ${checks.length} done…`
						: done && state.outcome?.data
							? `${checks.length} checks in ${formatMs(state.outcome.data.durationMs)} (concurrent) · `
							: ''}
				</Text>
				{done ? (
					<Text>
						<Text color="green">{count('pass')} pass</Text>
						<Text dimColor> · </Text>
						<Text color="yellow">{count('warn')} warn</Text>
						<Text dimColor> · </Text>
						<Text color="red">{count('fail')} fail</Text>
						{count('skip') > 0 ? <Text dimColor> · {count('skip')} skipped</Text> : null}
					</Text>
				) : null}
			</Box>
			{checks.map((check, index) => {
				const result = results.get(check.id);
				const step = state.steps.find(candidate => candidate.id === `check.${check.id}`);
				const status = result?.status ?? (step?.status === 'running' ? 'running' : 'pending');
				return <CheckRow key={check.id} title={check.title} status={status} result={result} selected={index === selected} titleWidth={titleWidth} spinner={status === 'running' ? spinner : ''} />;
			})}
			{done ? (
				<Box marginTop={1}>
					<Text>
						<Text bold>Migration </Text>
						{gate.allowed ? <Text color={gate.override ? 'yellow' : 'green'}>may start: {gate.reason}</Text> : <Text color="red">blocked: {failed.length > 0 ? `${failed.map(check => check.title).join(', ')} failed — fix, re-run (r), or override (o)` : gate.reason}</Text>}
					</Text>
				</Box>
			) : null}
		</Box>
	);
}
