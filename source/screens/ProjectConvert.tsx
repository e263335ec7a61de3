import path from 'node:path';
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import InitServiceRows, {serviceDetailRows} from '../components/InitServiceRows.js';
import StepList from '../components/StepList.js';
import {stripControl} from '../format.js';
import {initFlow, initPlanFlow, replan} from '../flows/init/flow.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useFlow} from '../hooks/use-flow.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useLoaded} from '../hooks/use-loaded.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';

const planned = [
	{id: 'init.read', title: 'Read the regular Compose model'},
	{id: 'init.decide', title: 'Decide each service: convert its Dockerfile or map its image'},
	{id: 'init.verify', title: 'Verify the Alpine tags against their registries'},
];

const actionText = {create: 'create', overwrite: 'overwrite', unchanged: 'unchanged', exists: 'exists, differs: kept (F overwrites)'} as const;

/**
 * `alpinist init` in the wizard, the Convert screen for the whole project: one row per service
 * with its decision (converted, mapped, already Alpine, kept, flagged) and what the registry said;
 * enter opens a row to its Dockerfile diff and musl findings; space accepts or skips it; w writes
 * the Alpine files after showing them (the regular files are never written).
 */
export default function ProjectConvert({isActive}: {isActive: boolean}) {
	const {flow: context, back, navigate} = useAppContext();
	const planning = useFlow(initPlanFlow, {autoStart: {}});
	const writing = useFlow(initFlow, {lock: 'init'});
	const [selected, setSelected] = useState(0);
	const [open, setOpen] = useState(false);
	const [offset, setOffset] = useState(0);
	const [skipped, setSkipped] = useState<ReadonlySet<string>>(new Set());
	const [force, setForce] = useState(false);
	const size = useTerminalSize();
	const width = size.columns;
	const height = Math.max(6, size.rows - 10);
	const plan = planning.state.outcome?.data;
	const rows = plan?.rows ?? [];
	const row = rows[selected];
	const root = context.project.root;
	// What would be written reads the project's files: after the frame, not while rendering (the previous list stays meanwhile).
	const fileList = useLoaded(() => (plan ? replan(context, plan, {skip: [...skipped], force}).files : undefined), [plan, skipped, force, writing.state.status]);
	const files = fileList.value ?? [];
	const detail = useMemo(() => (open && row ? serviceDetailRows(row, root) : []), [open, row, root]);
	const maxOffset = Math.max(0, detail.length - height);
	const scroll = (delta: number) => setOffset(current => Math.min(maxOffset, Math.max(0, current + delta)));
	const busy = planning.state.status === 'running' || writing.state.status === 'running';
	const ready = Boolean(plan) && !busy;
	const toggle = () => {
		if (!row) return;
		setSkipped(current => {
			const next = new Set(current);
			if (next.has(row.name)) next.delete(row.name);
			else next.add(row.name);
			return next;
		});
	};

	useKeymap(
		[
			{keys: ['up', 'k'], hint: '↑↓', label: open ? 'scroll' : 'select', when: rows.length > 0, run: () => (open ? scroll(-1) : setSelected(i => Math.max(0, i - 1)))},
			{keys: ['down', 'j'], when: rows.length > 0, run: () => (open ? scroll(1) : setSelected(i => Math.min(rows.length - 1, i + 1)))},
			{keys: ['pageup'], when: open, run: () => scroll(-height)},
			{keys: ['pagedown'], when: open, run: () => scroll(height)},
			{keys: ['return'], label: 'open', when: ready && !open && rows.length > 0, run: () => (setOpen(true), setOffset(0))},
			{keys: ['space'], label: row && skipped.has(row.name) ? 'accept' : 'skip', when: ready && rows.length > 0, run: toggle},
			{keys: ['w'], label: 'write', when: ready && files.some(file => file.action === 'create' || file.action === 'overwrite'), run: () => plan && writing.start({planned: plan, skip: [...skipped], force})},
			{keys: ['F'], label: `overwrite ${force ? 'on' : 'off'}`, when: ready && files.some(file => file.action === 'exists' || file.action === 'overwrite'), run: () => setForce(value => !value)},
			{keys: ['r'], label: 'read again', when: !busy, run: () => planning.start({})},
			{keys: ['d'], label: 'one Dockerfile', when: !busy, run: () => navigate({id: 'convert', params: {mode: 'files'}})},
			{keys: ['escape', 'q'], hint: 'esc', label: open ? 'close' : 'back', when: !busy, run: () => (open ? setOpen(false) : back())},
		],
		{isActive},
	);

	if (!plan) {
		return (
			<Box flexDirection="column" paddingX={1}>
				<Text bold>The Alpine variant of {context.project.name}</Text>
				<StepList planned={planned} steps={planning.state.steps} showDetail={step => step.status === 'fail'} />
				{planning.state.outcome && !planning.state.outcome.data ? <Text color="red">{stripControl(planning.state.outcome.summary ?? 'nothing to show')}</Text> : null}
			</Box>
		);
	}

	if (open && row) {
		return (
			<Box flexDirection="column" paddingX={1}>
				{detail.slice(Math.min(offset, maxOffset), Math.min(offset, maxOffset) + height).map((line, index) => (
					<Text key={offset + index} color={line.color} dimColor={line.dim} bold={line.bold} wrap="truncate-end">
						{line.text === '' ? ' ' : line.text}
					</Text>
				))}
				<Text dimColor>
					rows {Math.min(offset, maxOffset) + 1}–{Math.min(detail.length, offset + height)} of {detail.length} · space {skipped.has(row.name) ? 'accepts' : 'skips'} this service
				</Text>
			</Box>
		);
	}

	const written = writing.state.outcome;
	return (
		<Box flexDirection="column" paddingX={1}>
			<Text>
				<Text bold>The Alpine variant of {context.project.name}</Text>
				<Text dimColor> from {plan.model.sources.map(file => path.relative(root, file)).join(', ')} · {rows.length} services</Text>
			</Text>
			<Box marginTop={1}>
				<InitServiceRows rows={rows} selected={selected} skipped={skipped} width={width - 2} />
			</Box>
			{row ? (
				<Text dimColor wrap="truncate-end">
					{'  '}
					{stripControl(row.reason)}
				</Text>
			) : null}
			<Box flexDirection="column" marginTop={1}>
				{fileList.value ? <Text bold>Files</Text> : <Text dimColor>Reading what it would write…</Text>}
				{files.map(file => (
					<Text key={file.path} color={file.action === 'exists' ? 'yellow' : undefined} dimColor={file.action === 'unchanged'} wrap="truncate-end">
						{'  '}
						{actionText[file.action].padEnd(12)} {path.relative(root, file.path)}
						{file.change ? `  (${file.change})` : ''}
					</Text>
				))}
			</Box>
			{writing.state.status === 'running' ? <Text color="cyan">Writing…</Text> : null}
			{written ? <Text color={written.ok ? 'green' : 'yellow'}>{stripControl(written.summary ?? '')}</Text> : null}
		</Box>
	);
}
