import {Box, Text} from 'ink';
import {useEffect, useLayoutEffect, useRef, useState} from 'react';
import ContainerTable from '../components/ContainerTable.js';
import DetailPane from '../components/DetailPane.js';
import SwarmTasks, {swarmTasksHeight} from '../components/SwarmTasks.js';
import TopSummary from '../components/TopSummary.js';
import {stripControl} from '../format.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useContainerLogs} from '../hooks/use-container-logs.js';
import {useImageVariants} from '../hooks/use-image-variants.js';
import {bindingHint, type KeyBinding, useKeymap} from '../hooks/use-keymap.js';
import {useSwarmStack} from '../hooks/use-swarm-stack.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {useThrottledSnapshot} from '../hooks/use-throttled-snapshot.js';
import {useVisibleStats} from '../hooks/use-visible-stats.js';
import {columnById, layoutColumns, nextSortColumn, type Sort} from '../top/columns.js';
import {topView, type ViewInput} from '../top/view.js';
import type {RouteParams, ScreenProps} from './types.js';

/** Lines the shell draws around a screen: its header (2) and the footer's top margin (1), plus one spare. */
const chrome = 4;

/** The refresh period from `--interval` (seconds). */
function paramInterval(value: number | undefined): number {
	const seconds = value ?? 1;
	return Number.isFinite(seconds) && seconds > 0 ? Math.min(60_000, Math.max(100, Math.round(seconds * 1000))) : 1000;
}

/** How many lines the footer's hints take at this width (they wrap, two spaces apart). */
function footerLines(bindings: KeyBinding[], width: number): number {
	let lines = 1;
	let used = 0;
	for (const binding of bindings) {
		if (binding.when === false || !binding.label) continue;
		const length = bindingHint(binding).length + 1 + binding.label.length;
		if (used > 0 && used + 2 + length > width) {
			lines++;
			used = length;
		} else {
			used += (used > 0 ? 2 : 0) + length;
		}
	}

	return lines;
}

/**
 * The live container view: one row per container with its variant, health and stats, like
 * `docker stats` but compose- and variant-aware. Renders once per interval; only the rows on
 * screen are sampled.
 */
export default function Top({isActive, params = {}}: ScreenProps<RouteParams['top']>) {
	const {flow, back, exit} = useAppContext();
	const {project} = flow;
	const intervalMs = paramInterval(params.interval);
	const {columns: width, rows: height} = useTerminalSize();
	const [sort, setSort] = useState<Sort>({column: params.sort ?? 'name', reverse: false});
	const [filter, setFilter] = useState(params.filter ?? '');
	const [typing, setTyping] = useState(false);
	const [all, setAll] = useState(params.all === true);
	const [projectOnly, setProjectOnly] = useState(params.projectOnly === true);
	const [selectedId, setSelectedId] = useState<string | undefined>();
	const [detail, setDetail] = useState(false);
	// The scroll position the last frame settled on: the view keeps the selection in sight from there.
	const [offset, setOffset] = useState(0);
	// What the last frame drew, written after each commit and read by the ticks: a tick that would
	// draw the same is skipped (see topView's key).
	const drawn = useRef<{key: string; input: Omit<ViewInput, 'snapshot' | 'now'>} | undefined>(undefined);
	const variants = useImageVariants();
	// On a Swarm manager, the stack's tasks with their node below the containers; elsewhere nothing.
	const swarm = useSwarmStack(params.stack ?? project.name);
	const snapshot = useThrottledSnapshot(
		intervalMs,
		latest => !drawn.current || topView({...drawn.current.input, snapshot: latest, now: Date.now()}).key !== drawn.current.key,
		[variants.detector],
	);

	// Keys can arrive faster than frames: moves start from the latest position (the last frame's,
	// or the last move's), not this render's; a page is as many rows as the last frame's table.
	const position = useRef({ids: [] as string[], index: 0, pageRows: 1});
	const move = (delta: number) => {
		const {ids, index: from} = position.current;
		if (ids.length === 0) return;
		const next = Math.min(ids.length - 1, Math.max(0, from + delta));
		position.current = {...position.current, index: next};
		setSelectedId(ids[next]);
	};

	const sortTitle = columnById(sort.column).title;
	// "/" starts the filter input; while typing, every key goes to the filter (enter applies, esc
	// clears, ⌫ deletes, any other text is added) and fires nothing else. The keymap runs each key
	// against the bindings of the frame the previous key left, so a key typed right after "/" is text.
	const bindings: KeyBinding[] = typing
		? [
				{keys: ['return'], label: 'apply filter', run: () => setTyping(false)},
				{keys: ['escape'], label: 'clear filter', run: () => (setFilter(''), setTyping(false))},
				{keys: ['backspace'], label: 'delete', hint: '⌫', run: () => setFilter(text => text.slice(0, -1))},
				{keys: ['text'], run: input => setFilter(current => current + stripControl(input))},
			]
		: [
				{keys: ['up', 'k'], hint: '↑↓', label: 'select', run: () => move(-1)},
				{keys: ['down', 'j'], run: () => move(1)},
				{keys: ['pageup'], run: () => move(-position.current.pageRows)},
				{keys: ['pagedown'], run: () => move(position.current.pageRows)},
				{keys: ['return'], label: detail ? 'close detail' : 'detail', run: () => setDetail(open => !open)},
				{keys: ['s'], label: `sort: ${sortTitle}`, run: () => setSort(current => ({column: nextSortColumn(current.column), reverse: false}))},
				{keys: ['S'], label: 'reverse', run: () => setSort(current => ({...current, reverse: !current.reverse}))},
				{keys: ['/'], label: filter ? `filter "${filter}"` : 'filter', run: () => (setFilter(''), setTyping(true))},
				{keys: ['a'], label: all ? 'running only' : 'all', run: () => setAll(value => !value)},
				{keys: ['p'], label: projectOnly ? 'every project' : 'this project', run: () => setProjectOnly(value => !value)},
				{
					keys: ['escape'],
					label: detail ? 'close' : filter ? 'clear filter' : 'back',
					run: () => (detail ? setDetail(false) : filter ? setFilter('') : back()),
				},
				{keys: ['q'], label: 'quit', run: () => exit(0)},
			];

	// The room the table gets: the terminal less the shell, the summary, the detail pane.
	const available = Math.max(6, height - chrome - footerLines(bindings, width));
	const detailHeight = detail ? Math.min(16, Math.max(9, Math.floor(available * 0.45))) : 0;
	const swarmHeight = swarm.state ? 1 + swarmTasksHeight(swarm.state, Math.floor(available * 0.4)) : 0;
	const tableRows = Math.max(1, available - 3 - 1 - detailHeight - swarmHeight);
	const layout = layoutColumns(width - 1);
	const input: Omit<ViewInput, 'snapshot' | 'now'> = {
		project,
		imageVariant: variants.variantOf,
		filter: {text: filter, all, projectOnly},
		sort,
		selectedId,
		offset,
		tableRows,
		layout: layout.columns,
		detail,
	};
	const view = topView({...input, snapshot, now: Date.now()});
	useLayoutEffect(() => {
		drawn.current = {key: view.key, input: {...input, offset: view.offset}};
		position.current = {ids: view.matching.map(row => row.id), index: view.index, pageRows: tableRows};
	});
	useEffect(() => {
		if (view.offset !== offset) setOffset(view.offset);
	}, [view.offset, offset]);
	const {visible, selected} = view;
	useVisibleStats(
		visible.filter(row => row.running).map(row => row.id),
		intervalMs,
	);
	const logs = useContainerLogs(detail && selected ? selected.id : undefined, 50);
	// The image of a row that is not the project's own is read once the row passes the filter.
	const pending = view.matching.filter(row => row.variant.source === 'pending');
	const pendingKey = snapshot.status === 'ready' ? pending.map(row => `${row.id}:${row.imageId}`).join(',') : '';
	useEffect(() => {
		if (pendingKey) variants.detect(pending);
	}, [pendingKey, variants]);

	useKeymap(bindings, {isActive});

	if (snapshot.status !== 'ready') {
		return (
			<Box flexDirection="column" paddingX={1}>
				<Text color={snapshot.status === 'connecting' ? 'yellow' : 'red'}>
					{snapshot.status === 'connecting' ? 'Connecting to the engine…' : `The engine does not answer: ${snapshot.error ?? 'unreachable'}`}
				</Text>
			</Box>
		);
	}

	const scope = [
		all ? 'all containers' : 'running only',
		projectOnly ? `project ${project.name} only` : 'every project',
		typing ? `filter /${filter}▏ (typing)` : filter ? `filter "${filter}"` : undefined,
		`sorted by ${sortTitle}${sort.reverse ? ' (reversed)' : ''}`,
	]
		.filter(Boolean)
		.join(' · ');
	const watched = visible.filter(row => row.stats).length;
	const sources = {cgroup: 0, engine: 0};
	for (const row of visible) {
		const source = row.stats ? flow.store.statsSourceOf(row.id) : undefined;
		if (source) sources[source]++;
	}

	return (
		<Box flexDirection="column">
			<TopSummary
				engine={snapshot.engine}
				totals={view.totals}
				intervalMs={intervalMs}
				shown={visible.length}
				matching={view.matching.length}
				watched={watched}
				sources={sources}
				scope={scope}
			/>
			<ContainerTable rows={visible} layout={layout.columns} sort={sort} selectedId={selected?.id} height={tableRows} gap={layout.gap} />
			{swarm.state ? (
				<Box marginTop={1}>
					<SwarmTasks state={swarm.state} height={swarmHeight - 1} />
				</Box>
			) : null}
			{detail && selected ? <DetailPane row={selected} logs={logs} source={flow.store.statsSourceOf(selected.id)} width={width - 1} height={detailHeight} /> : null}
		</Box>
	);
}
