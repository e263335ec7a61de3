import {Box, Text, useInput, useStdin} from 'ink';
import {useMemo, useRef, useState} from 'react';
import ContainerTable from '../components/ContainerTable.js';
import DetailPane from '../components/DetailPane.js';
import TopSummary from '../components/TopSummary.js';
import {stripControl} from '../format.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useContainerLogs} from '../hooks/use-container-logs.js';
import {useImageVariants} from '../hooks/use-image-variants.js';
import {bindingHint, type KeyBinding, useKeymap} from '../hooks/use-keymap.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {useThrottledSnapshot} from '../hooks/use-throttled-snapshot.js';
import {useVisibleStats} from '../hooks/use-visible-stats.js';
import {columnById, columnIds, type ColumnId, layoutColumns, nextSortColumn, type Sort, sortRows} from '../top/columns.js';
import {buildRows, filterRows, totalsByVariant} from '../top/rows.js';
import type {ScreenProps} from './types.js';

/** Lines the shell draws around a screen: its header (2) and the footer's top margin (1), plus one spare. */
const chrome = 4;

function paramInterval(value: string | undefined): number {
	const ms = Number(value ?? 1000);
	return Number.isFinite(ms) ? Math.min(60_000, Math.max(100, ms)) : 1000;
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
export default function Top({isActive, params}: ScreenProps) {
	const {flow, back, exit} = useAppContext();
	const {project} = flow;
	const intervalMs = paramInterval(params?.interval);
	const snapshot = useThrottledSnapshot(intervalMs);
	const {columns: width, rows: height} = useTerminalSize();
	const [sort, setSort] = useState<Sort>({column: columnIds.includes(params?.sort as ColumnId) ? (params!.sort as ColumnId) : 'name', reverse: false});
	const [filter, setFilter] = useState(params?.filter ?? '');
	const [typing, setTyping] = useState(false);
	const [all, setAll] = useState(params?.all === 'true');
	const [projectOnly, setProjectOnly] = useState(params?.projectOnly === 'true');
	const [selectedId, setSelectedId] = useState<string | undefined>();
	const [detail, setDetail] = useState(false);
	const offset = useRef(0);
	const imageVariant = useImageVariants(snapshot.containers, snapshot.engine?.arch);

	const rows = useMemo(
		() => buildRows({containers: snapshot.containers, stats: snapshot.stats, project, imageVariant, now: Date.now()}),
		[snapshot, project, imageVariant],
	);
	const matching = useMemo(() => sortRows(filterRows(rows, {text: filter, all, projectOnly}), sort), [rows, filter, all, projectOnly, sort]);
	const found = matching.findIndex(row => row.id === selectedId);
	const index = found === -1 ? 0 : found;
	const selected = matching[index];

	// Keys can arrive faster than frames: moves start from the latest position, not this render's.
	const position = useRef({ids: [] as string[], index: 0});
	position.current = {ids: matching.map(row => row.id), index};
	const move = (delta: number) => {
		const {ids, index: from} = position.current;
		if (ids.length === 0) return;
		const next = Math.min(ids.length - 1, Math.max(0, from + delta));
		position.current = {ids, index: next};
		setSelectedId(ids[next]);
	};

	const sortTitle = columnById(sort.column).title;
	const bindings: KeyBinding[] = typing
		? [
				{keys: ['return'], label: 'apply filter', run: () => setTyping(false)},
				{keys: ['escape'], label: 'clear filter', run: () => (setFilter(''), setTyping(false))},
				{keys: ['backspace'], label: 'delete', hint: '⌫', run: () => setFilter(text => text.slice(0, -1))},
			]
		: [
				{keys: ['up', 'k'], hint: '↑↓', label: 'select', run: () => move(-1)},
				{keys: ['down', 'j'], run: () => move(1)},
				{keys: ['pageup'], run: () => move(-tableRows)},
				{keys: ['pagedown'], run: () => move(tableRows)},
				{keys: ['return'], label: detail ? 'close detail' : 'detail', when: Boolean(selected) || detail, run: () => setDetail(open => !open)},
				{keys: ['s'], label: `sort: ${sortTitle}`, run: () => setSort(current => ({column: nextSortColumn(current.column), reverse: false}))},
				{keys: ['S'], label: 'reverse', run: () => setSort(current => ({...current, reverse: !current.reverse}))},
				{keys: ['/'], label: filter ? `filter "${filter}"` : 'filter', run: () => setTyping(true)},
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
	const detailHeight = detail && selected ? Math.min(16, Math.max(9, Math.floor(available * 0.45))) : 0;
	const tableRows = Math.max(1, available - 3 - 1 - detailHeight);
	let first = Math.min(offset.current, Math.max(0, matching.length - tableRows));
	if (index < first) first = index;
	if (index >= first + tableRows) first = index - tableRows + 1;
	offset.current = first;
	const visible = matching.slice(first, first + tableRows);
	useVisibleStats(visible.filter(row => row.running).map(row => row.id));
	const logs = useContainerLogs(detail && selected ? selected.id : undefined, 50);

	useKeymap(bindings, {isActive});
	// While typing a filter, printable keys go to the filter and nothing else fires.
	const {isRawModeSupported} = useStdin();
	useInput(
		(input, key) => {
			if (key.ctrl || key.meta || key.return || key.escape || key.backspace || key.delete || key.tab) return;
			if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) return;
			const text = stripControl(input);
			if (text) setFilter(current => current + text);
		},
		{isActive: isActive && typing && isRawModeSupported},
	);

	if (snapshot.status !== 'ready') {
		return (
			<Box flexDirection="column" paddingX={1}>
				<Text color={snapshot.status === 'connecting' ? 'yellow' : 'red'}>
					{snapshot.status === 'connecting' ? 'Connecting to the engine…' : `The engine does not answer: ${snapshot.error ?? 'unreachable'}`}
				</Text>
			</Box>
		);
	}

	const layout = layoutColumns(width - 1);
	const scope = [
		all ? 'all containers' : 'running only',
		projectOnly ? `project ${project.name} only` : 'every project',
		typing ? `filter /${filter}▏ (typing)` : filter ? `filter "${filter}"` : undefined,
		`sorted by ${sortTitle}${sort.reverse ? ' (reversed)' : ''}`,
	]
		.filter(Boolean)
		.join(' · ');
	const watched = visible.filter(row => row.stats).length;
	return (
		<Box flexDirection="column">
			<TopSummary
				engine={snapshot.engine}
				totals={totalsByVariant(matching)}
				intervalMs={intervalMs}
				shown={visible.length}
				matching={matching.length}
				total={rows.length}
				watched={watched}
				scope={scope}
			/>
			<ContainerTable rows={visible} layout={layout.columns} sort={sort} selectedId={selected?.id} height={tableRows} gap={layout.gap} />
			{detailHeight > 0 && selected ? <DetailPane row={selected} logs={logs} width={width - 1} height={detailHeight} /> : null}
		</Box>
	);
}
