import {Box, Text} from 'ink';
import {formatMs, stripControl} from '../format.js';
import type {StepView} from '../hooks/use-flow.js';
import StatusBadge from './StatusBadge.js';

type Props = {
	steps: StepView[];
	/** Step id → how far it got, for steps that report progress (the backups). */
	progress?: Record<string, {done: number; total?: number; label?: string}>;
	/** Steps whose detail lines are shown even when they pass. */
	expand?: string[];
	width?: number;
};

/** The rollback's steps as they run: a spinner on the current one, a mark, a summary and the time each took. */
export default function RollbackSteps({steps, progress = {}, expand = [], width = 110}: Props) {
	return (
		<Box flexDirection="column">
			{steps.map(step => {
				const showDetail = step.status === 'fail' || step.status === 'warn' || expand.includes(step.id);
				const current = progress[step.id];
				return (
					<Box key={step.id} flexDirection="column">
						<Text wrap="truncate-end">
							<StatusBadge status={step.status} /> <Text bold={step.status === 'running'}>{step.title}</Text>
							{step.summary ? <Text dimColor={step.status === 'pass' || step.status === 'skip'}> — {stripControl(step.summary)}</Text> : null}
							{step.durationMs === undefined ? null : <Text dimColor> ({formatMs(step.durationMs)})</Text>}
						</Text>
						{step.status === 'running' && current ? (
							<Text dimColor>
								{'    '}
								{current.done}/{current.total ?? '?'} {current.label ? stripControl(current.label) : ''}
							</Text>
						) : null}
						{showDetail
							? (step.detail ?? []).slice(0, 14).map((line, index) => (
									<Text key={index} color={step.status === 'fail' ? 'red' : undefined} dimColor={step.status !== 'fail'} wrap="truncate-end">
										{'    '}
										{stripControl(line).slice(0, width)}
									</Text>
								))
							: null}
					</Box>
				);
			})}
		</Box>
	);
}
