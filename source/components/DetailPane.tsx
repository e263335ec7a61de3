import {Box, Text} from 'ink';
import type {StatsSource} from '../docker/stats-watcher.js';
import {stripControl} from '../format.js';
import {fit} from '../top/columns.js';
import type {TopRow} from '../top/rows.js';
import {ioBytes, memBytes, percent, uptime} from '../top/units.js';
import Sparkline from './Sparkline.js';

type Props = {
	row: TopRow;
	/** The container's last log lines (control sequences are stripped again here). */
	logs: string[];
	/** Where its figures come from now (undefined: not sampled, e.g. stopped). */
	source?: StatsSource;
	width: number;
	/** Total lines, border included. */
	height: number;
};

const label = (text: string) => <Text dimColor>{text.padEnd(8)}</Text>;

/** The selected container: what it is, its CPU and memory history as sparklines, its last log lines. */
/** How the samples come: their cadence, from the history, and from where (the source right now). */
function sampling(history: TopRow['history'], source: StatsSource | undefined): string {
	const every = history.length > 1 ? (history.at(-1)!.at - history[0].at) / (history.length - 1) / 1000 : 0;
	const cadence = every > 0 ? `every ${every.toFixed(1)} s` : 'one so far';
	const from = source === 'engine' ? 'from its engine stats stream' : source === 'cgroup' ? 'from its cgroup files' : 'not sampled now';
	return `${cadence}, ${from}`;
}

export default function DetailPane({row, logs, source, width, height}: Props) {
	const inner = Math.max(20, width - 4);
	const history = row.history;
	const cpu = history.map(point => point.cpuPercent);
	const mem = history.map(point => point.memUsage);
	const sparkWidth = Math.max(10, Math.min(60, inner - 48));
	const maxCpu = Math.max(0, ...cpu);
	const maxMem = Math.max(0, ...mem);
	const stats = row.stats;
	const logLines = Math.max(0, height - 2 - 5);
	const shownLogs = logs.slice(-logLines).map(line => fit(stripControl(line), inner, 'left'));
	const span = history.length > 1 ? Math.round((history.at(-1)!.at - history[0].at) / 1000) : 0;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} height={height} width={width}>
			<Text wrap="truncate">
				<Text bold>{row.name}</Text>
				<Text dimColor> · </Text>
				{row.image}
				<Text dimColor> · {row.id.slice(0, 12)} · </Text>
				<Text color="cyan">{row.variant.label}</Text>
				<Text dimColor> {row.variant.detail ? `(${stripControl(row.variant.detail)})` : ''}</Text>
			</Text>
			<Text wrap="truncate">
				{label('status')}
				{row.status}
				<Text dimColor> · up </Text>
				{uptime(row.uptimeSeconds)}
				<Text dimColor> · project </Text>
				{row.project ?? '-'}
				<Text dimColor> · service </Text>
				{row.service ?? '-'}
				<Text dimColor> · pids </Text>
				{stats ? stats.pids : '--'}
				<Text dimColor> · net </Text>
				{stats ? `${ioBytes(stats.netRx)} / ${ioBytes(stats.netTx)}` : '--'}
				<Text dimColor> · block </Text>
				{stats ? `${ioBytes(stats.blkRead)} / ${ioBytes(stats.blkWrite)}` : '--'}
			</Text>
			<Text wrap="truncate">
				{label('CPU')}
				<Sparkline values={cpu} width={sparkWidth} color="green" />
				{'  '}
				{stats ? percent(stats.cpuPercent) : '--'}
				<Text dimColor> now, max {percent(maxCpu)}</Text>
			</Text>
			<Text wrap="truncate">
				{label('memory')}
				<Sparkline values={mem} width={sparkWidth} color="magenta" />
				{'  '}
				{stats ? `${memBytes(stats.memUsage)} / ${memBytes(stats.memLimit)}` : '--'}
				<Text dimColor> now, max {memBytes(maxMem)}</Text>
			</Text>
			<Text dimColor wrap="truncate">
				{history.length > 0 ? `${history.length} samples over ${span} s (${sampling(history, source)})` : 'no stats yet'} · last {logLines} log lines:
			</Text>
			{shownLogs.length === 0 ? <Text dimColor>(no log lines)</Text> : shownLogs.map((line, index) => <Text key={index}>{line}</Text>)}
		</Box>
	);
}
