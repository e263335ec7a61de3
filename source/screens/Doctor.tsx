import {Box, Text, useStdout} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import DiagnosisView, {diagnosisRows} from '../components/DiagnosisView.js';
import StatusBadge from '../components/StatusBadge.js';
import {applyFlow, diagnoses, doctorFlow} from '../flows/doctor/doctor.js';
import {stripControl} from '../format.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useFlow} from '../hooks/use-flow.js';
import {useKeymap} from '../hooks/use-keymap.js';
import type {SizedStream} from '../hooks/use-terminal-size.js';
import type {ScreenProps} from './types.js';

const badge = {problem: 'fail', warning: 'warn', ok: 'pass', 'not-applicable': 'skip'} as const;

/** The guide's troubleshooting as diagnoses: symptom → evidence → cause → fix, with "apply" where safe. */
export default function Doctor({isActive}: ScreenProps) {
	const {flow: context, back} = useAppContext();
	const {stdout} = useStdout();
	const {state, start} = useFlow(doctorFlow, {autoStart: {}});
	const applying = useFlow(applyFlow, {lock: 'doctor'});
	const [selected, setSelected] = useState(0);
	const [offset, setOffset] = useState(0);
	const moved = useRef(false);
	const results = state.data.filter(entry => entry.kind === 'diagnosis').map(entry => entry.data);
	const current = results.find(result => result.id === diagnoses[selected]?.id);
	const fix = current?.findings.find(finding => finding.apply)?.apply;
	const running = state.status === 'running' || applying.state.status === 'running';

	const width = Math.max(40, ((stdout as SizedStream).columns ?? 100) - 6);
	const applyLines = applying.state.status === 'idle' ? 0 : applying.state.steps.length + (applying.state.status === 'running' ? 3 : 1);
	const height = Math.max(5, ((stdout as SizedStream).rows ?? 30) - diagnoses.length - 9 - applyLines);
	const rows = useMemo(() => (current ? diagnosisRows(current, width) : []), [current, width]);
	const maxOffset = Math.max(0, rows.length - height);
	const scroll = (delta: number) => setOffset(value => Math.min(maxOffset, Math.max(0, value + delta)));
	const select = (delta: number) => {
		moved.current = true;
		setOffset(0);
		setSelected(index => Math.min(diagnoses.length - 1, Math.max(0, index + delta)));
	};

	// Once diagnosed, show the first problem (unless the person has moved already).
	useEffect(() => {
		if (state.status !== 'done' || moved.current) return;
		const first = diagnoses.findIndex(diagnosis => results.find(result => result.id === diagnosis.id)?.status === 'problem');
		if (first !== -1) setSelected(first);
	}, [state.status]);

	// A fix that went through: diagnose again, so the list shows what changed.
	useEffect(() => {
		if (applying.state.status === 'done' && applying.state.outcome?.ok && !context.dryRun) start({});
	}, [applying.state.status]);

	useKeymap(
		[
			{keys: ['up', 'k'], hint: '↑↓', label: 'diagnosis', run: () => select(-1)},
			{keys: ['down', 'j'], run: () => select(1)},
			{keys: ['pagedown', 'space'], hint: 'PgDn/PgUp', label: 'scroll', when: maxOffset > 0, run: () => scroll(height - 1)},
			{keys: ['pageup', 'b'], when: maxOffset > 0, run: () => scroll(-(height - 1))},
			{
				keys: ['a'],
				label: fix ? `apply: ${fix.label}` : undefined,
				when: Boolean(fix) && !running,
				async run() {
					const yes = await context.confirm({
						title: fix!.label,
						items: [...(fix!.commands ?? []), 'builds images only: nothing is stopped or removed'],
						action: 'apply',
						destructive: false,
					});
					if (yes) applying.start({id: fix!.id});
				},
			},
			{keys: ['r'], label: 'diagnose again', when: !running, run: () => start({})},
			{keys: ['escape', 'q'], hint: 'esc', label: 'back', run: back},
		],
		{isActive},
	);

	return (
		<Box flexDirection="column" paddingX={1}>
			<Box flexDirection="column">
				{diagnoses.map((diagnosis, index) => {
					const step = state.steps.find(candidate => candidate.id === diagnosis.id);
					const result = results.find(candidate => candidate.id === diagnosis.id);
					const status = result ? badge[result.status] : step?.status === 'running' ? 'running' : 'pending';
					return (
						<Text key={diagnosis.id} inverse={index === selected} wrap="truncate-end">
							{index === selected ? '›' : ' '} <StatusBadge status={status} /> {diagnosis.title.padEnd(28)}
							<Text dimColor>{step?.summary ? stripControl(step.summary) : ''}</Text>
						</Text>
					);
				})}
			</Box>
			<Box flexDirection="column" borderStyle="round" borderColor={current?.status === 'problem' ? 'red' : 'gray'} paddingX={1}>
				{current ? (
					<DiagnosisView rows={rows} offset={Math.min(offset, maxOffset)} height={height} />
				) : (
					<Text dimColor>{state.status === 'running' ? `diagnosing ${diagnoses[selected]?.title ?? ''}…` : 'not diagnosed'}</Text>
				)}
				{maxOffset > 0 ? (
					<Text dimColor>
						lines {Math.min(offset, maxOffset) + 1}–{Math.min(rows.length, Math.min(offset, maxOffset) + height)} of {rows.length}
					</Text>
				) : null}
			</Box>
			{applying.state.steps.map(step => (
				<Text key={step.id} wrap="truncate-end">
					<StatusBadge status={step.status} /> {step.title} {step.summary ? <Text dimColor>— {step.summary}</Text> : null}
				</Text>
			))}
			{applying.state.status === 'running'
				? applying.state.logs.slice(-2).map((log, index) => (
						<Text key={index} dimColor wrap="truncate-end">
							{'  '}
							{stripControl(log.line)}
						</Text>
					))
				: null}
			{applying.state.outcome?.summary ? <Text color={applying.state.outcome.ok ? 'green' : 'red'}>{applying.state.outcome.summary}</Text> : null}
			{applying.state.messages.map((message, index) => (
				<Text key={index} color={message.level === 'error' ? 'red' : undefined}>
					{message.text}
				</Text>
			))}
		</Box>
	);
}
