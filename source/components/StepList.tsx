import {Box, Static, Text} from 'ink';
import {formatMs, stripControl} from '../format.js';
import type {StepView} from '../hooks/use-flow.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import StatusBadge from './StatusBadge.js';

type Planned = {id: string; title: string};

type Props = {
	/** The steps in order, shown pending until the flow reaches them. */
	planned: readonly Planned[];
	steps: StepView[];
	progress?: Record<string, {done: number; total?: number; label?: string}>;
	/** Steps whose detail is shown whatever their status (a failure's detail is always shown). */
	showDetail?: (step: StepView) => boolean;
	/** Longest detail shown per step. */
	detailLines?: number;
	/** How to see the rest of a cut detail, e.g. "l longer". */
	moreHint?: string;
	/** Write the steps done for good once, above the live area (see StepList). */
	settledAbove?: boolean;
	/** The screen's horizontal padding, which Static output is outside of: the settled lines get the same on both sides (same width as the live lines). */
	staticIndent?: number;
};

function Row({step, indent, progress}: {step: StepView; indent: number; progress?: {done: number; total?: number; label?: string}}) {
	const status = step.status === 'running' ? 'running' : step.status;
	// Only the summary gives way when the line is too long: the mark, title and time keep their width.
	return (
		<Box>
			<Box flexShrink={0} width={indent + 2}>
				<Text>{' '.repeat(indent)}</Text>
				<StatusBadge status={status} />
			</Box>
			<Box flexShrink={0} width={Math.max(10, 40 - indent)}>
				<Text bold={step.status === 'running'} dimColor={step.status === 'skip'} wrap="truncate">
					{step.title}
				</Text>
			</Box>
			<Box flexShrink={0} width={9}>
				<Text dimColor>{step.durationMs === undefined ? '' : formatMs(step.durationMs)}</Text>
			</Box>
			<Box flexShrink={1}>
				<Text color={step.status === 'fail' ? 'red' : step.status === 'warn' ? 'yellow' : undefined} dimColor={step.status === 'pass' || step.status === 'skip'} wrap="truncate">
					{step.status === 'running' && progress ? `${progress.done}/${progress.total ?? '?'}${progress.label ? ` ${progress.label}` : ''}` : stripControl(step.summary ?? '')}
				</Text>
			</Box>
		</Box>
	);
}

/** A planned step with what the flow said of it so far: shown pending until the flow reaches it. */
type PlannedRow = {plan: Planned; step: StepView; subs: StepView[]};

const finished = (step: StepView) => step.status === 'pass' || step.status === 'warn' || step.status === 'skip';

/** How many rows from the top are done for good: finished (no failure, whose detail grows with `l`), their sub-steps too. */
function settledCount(rows: PlannedRow[]): number {
	const index = rows.findIndex(row => !finished(row.step) || !row.subs.every(finished));
	return index === -1 ? rows.length : index;
}

function PlannedStep({plan, step, subs, progress, showDetail, detailLines, moreHint}: PlannedRow & Required<Pick<Props, 'progress' | 'detailLines'>> & Pick<Props, 'showDetail' | 'moreHint'>) {
	const detail = step.detail && (step.status === 'fail' || showDetail?.(step)) ? step.detail.slice(0, detailLines) : [];
	return (
		<Box flexDirection="column">
			{(step.status as string) === 'pending' ? (
				<Text dimColor>
					<StatusBadge status="pending" /> {plan.title}
				</Text>
			) : (
				<Row step={step} indent={0} progress={progress[plan.id]} />
			)}
			{subs.map(sub => (
				<Box key={sub.id} flexDirection="column">
					<Row step={sub} indent={2} progress={progress[sub.id]} />
					{sub.status === 'fail' && sub.detail
						? sub.detail.slice(0, detailLines).map((line, index) => (
								<Text key={index} color="red" wrap="truncate">
									{'      '}
									{stripControl(line)}
								</Text>
							))
						: null}
				</Box>
			))}
			{detail.map((line, index) => (
				<Text key={index} color={step.status === 'fail' ? 'red' : undefined} dimColor={step.status !== 'fail'} wrap="truncate">
					{'    '}
					{stripControl(line)}
				</Text>
			))}
			{step.detail && detail.length > 0 && step.detail.length > detail.length ? (
				<Text dimColor>
					{'    '}… {step.detail.length - detail.length} more lines{moreHint ? ` (${moreHint})` : ''}
				</Text>
			) : null}
		</Box>
	);
}

/**
 * Steps with their status mark (a spinner while running), time and summary; sub-steps `<id>.<sub>` indented below.
 * With `settledAbove`, the steps done for good (from the top down to the first that is not) are
 * written once above the live area (Ink's Static) and not drawn again each frame: a list that
 * only grows during one run (key the list by run so that a new run starts its own).
 */
export default function StepList({planned, steps, progress = {}, showDetail, detailLines = 14, moreHint, settledAbove = false, staticIndent = 0}: Props) {
	const {columns} = useTerminalSize();
	const rows = planned.map(plan => ({
		plan,
		step: steps.find(candidate => candidate.id === plan.id) ?? {id: plan.id, title: plan.title, status: 'pending' as never},
		subs: steps.filter(candidate => candidate.id.startsWith(`${plan.id}.`)),
	}));
	const settled = settledAbove ? rows.slice(0, settledCount(rows)) : [];
	const shown = (row: PlannedRow) => <PlannedStep key={row.plan.id} {...row} progress={progress} showDetail={showDetail} detailLines={detailLines} moreHint={moreHint} />;
	return (
		<Box flexDirection="column">
			{/* Static output is laid out apart from the screen (no width but the one given here): the
			    terminal's width less the screen's padding on both sides, as the live lines have. */}
			{settledAbove ? (
				<Static items={settled}>
					{row => (
						<Box key={row.plan.id} paddingX={staticIndent} width={columns}>
							{shown(row)}
						</Box>
					)}
				</Static>
			) : null}
			{rows.slice(settled.length).map(shown)}
		</Box>
	);
}
