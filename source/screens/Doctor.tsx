import {Box, Text} from 'ink';
import {useState} from 'react';
import StatusBadge from '../components/StatusBadge.js';
import {stripControl} from '../format.js';
import {applyFix, diagnoses, doctorFlow} from '../flows/doctor/doctor.js';
import type {Diagnosis} from '../flows/doctor/types.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useFlow} from '../hooks/use-flow.js';
import {useKeymap} from '../hooks/use-keymap.js';
import type {ScreenProps} from './types.js';

const badge = {problem: 'fail', warning: 'warn', ok: 'pass', 'not-applicable': 'skip'} as const;

/** The guide's troubleshooting as diagnoses: symptom → evidence → cause → fix, with "apply" where safe. */
export default function Doctor({isActive}: ScreenProps) {
	const {back, flow: context} = useAppContext();
	const {state, start} = useFlow(doctorFlow, {autoStart: {}});
	const applying = useFlow(async function* (ctx, id: string) {
		const ok = yield* applyFix(ctx, id);
		return {ok};
	});
	const [selected, setSelected] = useState(0);
	const results = state.data.filter(entry => entry.kind === 'diagnosis').map(entry => entry.data as Diagnosis);
	const current = results[selected];
	const fix = current?.findings.find(finding => finding.apply)?.apply;
	const running = state.status === 'running' || applying.state.status === 'running';

	useKeymap(
		[
			{keys: ['up', 'k'], hint: '↑↓', label: 'select', run: () => setSelected(index => Math.max(0, index - 1))},
			{keys: ['down', 'j'], run: () => setSelected(index => Math.min(results.length - 1, index + 1))},
			{
				keys: ['a'],
				label: fix ? `apply: ${fix.label}` : undefined,
				when: Boolean(fix) && !running,
				run: async () => {
					const yes = await context.confirm({title: fix!.label, items: ['builds images only: nothing is stopped or removed'], action: 'apply', destructive: false});
					if (yes) applying.start(fix!.id);
				},
			},
			{keys: ['r'], label: 'diagnose again', when: !running, run: () => start({})},
			{keys: ['escape', 'q'], hint: 'esc', label: 'back', run: back},
		],
		{isActive},
	);

	return (
		<Box flexDirection="column" paddingX={1} marginTop={1}>
			<Box flexDirection="column">
				{diagnoses.map((diagnosis, index) => {
					const step = state.steps.find(candidate => candidate.id === diagnosis.id);
					const result = results.find(candidate => candidate.id === diagnosis.id);
					const status = result ? badge[result.status] : step?.status === 'running' ? 'running' : 'pending';
					const mark = index === selected && result ? '›' : ' ';
					return (
						<Text key={diagnosis.id} inverse={index === selected && Boolean(result)}>
							{mark} <StatusBadge status={status} /> {diagnosis.title.padEnd(30)}
							<Text dimColor>{step?.summary ? stripControl(step.summary).slice(0, 80) : ''}</Text>
						</Text>
					);
				})}
			</Box>
			{current ? (
				<Box flexDirection="column" marginTop={1} borderStyle="round" borderColor={current.status === 'problem' ? 'red' : 'gray'} paddingX={1}>
					<Text bold>{current.title}</Text>
					<Text>
						<Text dimColor>symptom  </Text>
						{current.symptom}
					</Text>
					{current.note ? <Text dimColor>{current.note}</Text> : null}
					{current.findings.slice(0, 4).map((finding, index) => (
						<Box key={index} flexDirection="column" marginTop={1}>
							<Text bold color={finding.severity === 'problem' ? 'red' : finding.severity === 'warning' ? 'yellow' : undefined}>
								{finding.subject}
							</Text>
							{finding.evidence.slice(0, 6).map((line, n) => (
								<Text key={n}>
									<Text dimColor>evidence </Text>
									{stripControl(line)}
								</Text>
							))}
							<Text>
								<Text dimColor>cause    </Text>
								{finding.cause}
							</Text>
							{finding.fix.map((line, n) => (
								<Text key={n} color="green">
									<Text dimColor>fix      </Text>
									{line}
								</Text>
							))}
							{finding.patch ? <Text color="cyan">{finding.patch}</Text> : null}
						</Box>
					))}
				</Box>
			) : null}
			{applying.state.steps.map(step => (
				<Text key={step.id}>
					<StatusBadge status={step.status} /> {step.title} {step.summary ? <Text dimColor>{step.summary}</Text> : null}
				</Text>
			))}
		</Box>
	);
}
