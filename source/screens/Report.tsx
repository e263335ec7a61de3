import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import StatusBadge from '../components/StatusBadge.js';
import {formatBytes, formatMB, formatMs, formatPercent, stripControl} from '../format.js';
import {evaluationLine} from '../headless/dashboard.js';
import {reportFlow} from '../flows/report/report.js';
import {metricTitles} from '../flows/report/thresholds.js';
import {formatMetricValue} from '../headless/dashboard.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useFlow} from '../hooks/use-flow.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {variantLabel} from '../project/discover.js';
import type {ScreenProps} from './types.js';

const watchSeconds = 10;

/** The guide's performance dashboard and its alerting thresholds, measured now. */
export default function Report({isActive}: ScreenProps) {
	const {back} = useAppContext();
	const [smoke, setSmoke] = useState(false);
	const [watch, setWatch] = useState(false);
	const {state, start} = useFlow(reportFlow, {autoStart: {smoke: false, failOn: 'critical'}});
	const dashboard = state.outcome?.data;
	const running = state.status === 'running';

	useEffect(() => {
		if (!watch || running) return;
		const timer = setTimeout(() => start({smoke, failOn: 'critical'}), watchSeconds * 1000);
		return () => clearTimeout(timer);
	}, [watch, running, smoke]);

	useKeymap(
		[
			{keys: ['r'], label: 'measure again', when: !running, run: () => start({smoke, failOn: 'critical'})},
			{keys: ['s'], label: smoke ? 'smoke test: on' : 'smoke test: off', run: () => setSmoke(value => !value)},
			{keys: ['w'], label: watch ? `watching every ${watchSeconds} s` : 'watch', run: () => setWatch(value => !value)},
			{keys: ['escape', 'q'], hint: 'esc', label: 'back', run: back},
		],
		{isActive},
	);

	return (
		<Box flexDirection="column" paddingX={1} marginTop={1}>
			{running && !dashboard ? (
				<Text>
					<StatusBadge status="running" /> Measuring the running stack…
				</Text>
			) : null}
			{dashboard && !dashboard.variant ? dashboard.notes.map(note => <Text key={note} color="yellow">{note}</Text>) : null}
			{dashboard?.variant ? (
				<>
					<Text>
						<Text bold>{variantLabel[dashboard.variant]}</Text>
						<Text dimColor> stack, compose project {dashboard.projectName}, measured {dashboard.at}</Text>
						{running ? <Text color="cyan">  (measuring again…)</Text> : null}
					</Text>
					<Box flexDirection="column" marginTop={1}>
						<Text bold>{'CONTAINER'.padEnd(30)}{'STATUS'.padEnd(22)}{'CPU %'.padStart(8)}{'MEMORY'.padStart(12)}{'LIMIT'.padStart(12)}</Text>
						{dashboard.containers.map(container => (
							<Text key={container.name}>
								{stripControl(container.name).slice(0, 29).padEnd(30)}
								{container.status.slice(0, 21).padEnd(22)}
								{formatPercent(container.cpuPercent).padStart(8)}
								{formatBytes(container.memUsage).padStart(12)}
								{formatBytes(container.memLimit).padStart(12)}
							</Text>
						))}
						<Text bold>{'Total'.padEnd(60)}{formatBytes(dashboard.memoryTotal).padStart(12)}</Text>
					</Box>
					<Box flexDirection="column" marginTop={1}>
						<Text bold>Thresholds</Text>
						{dashboard.evaluations.map(evaluation => (
							<Text key={`${evaluation.metric}${evaluation.subject ?? ''}`}>
								<StatusBadge status={evaluation.level} /> {metricTitles[evaluation.metric]}
								{evaluation.subject ? ` (${evaluation.subject})` : ''}: <Text bold>{formatMetricValue(evaluation)}</Text>
								<Text dimColor>
									{'  '}warning {formatMetricValue({...evaluation, value: evaluation.warning})} · critical {formatMetricValue({...evaluation, value: evaluation.critical})}
								</Text>
							</Text>
						))}
					</Box>
					{dashboard.smoke ? (
						<Text>Smoke test: {formatMs(dashboard.smoke.durationMs)}, {dashboard.smoke.passed} passed, {dashboard.smoke.failed} failed</Text>
					) : null}
					{dashboard.efficiency ? (
						<Text>
							Memory efficiency: <Text bold>{formatPercent(dashboard.efficiency.reduction * 100)}</Text> less than the regular baseline ({formatMB(dashboard.efficiency.currentBytes)} against {formatMB(dashboard.efficiency.baselineBytes)})
						</Text>
					) : null}
					<Box flexDirection="column" marginTop={1}>
						{dashboard.notes.map(note => (
							<Text key={note} dimColor>
								note: {note}
							</Text>
						))}
						<Text dimColor>Method: {dashboard.evaluations[0] ? evaluationLine(dashboard.evaluations[0]).split(' — ')[1] : ''}</Text>
					</Box>
				</>
			) : null}
		</Box>
	);
}
