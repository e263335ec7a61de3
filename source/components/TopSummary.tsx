import {Box, Text} from 'ink';
import type {EngineInfo} from '../docker/types.js';
import type {VariantTotal} from '../top/rows.js';
import {memBytes, percent} from '../top/units.js';

type Props = {
	engine?: EngineInfo;
	totals: VariantTotal[];
	intervalMs: number;
	shown: number;
	matching: number;
	watched: number;
	/** How many of the watched rows read their cgroup files, and how many ask the engine. */
	sources?: {cgroup: number; engine: number};
	scope: string;
};

/** "read from cgroup files", "from the engine's stats streams", or both with counts. */
export function sourceLabel(sources: {cgroup: number; engine: number} | undefined): string {
	if (!sources || sources.cgroup + sources.engine === 0) return '';
	if (sources.engine === 0) return ', read from cgroup files';
	if (sources.cgroup === 0) return ', from engine stats streams';
	return `, ${sources.cgroup} from cgroup files, ${sources.engine} from engine streams`;
}

const familyLabel = {regular: 'regular', alpine: 'Alpine', unknown: 'unknown'} as const;
const familyColor = {regular: 'blue', alpine: 'cyan', unknown: 'gray'} as const;

/** The view's header: engine and cgroup, how CPU % is counted, totals per variant, what is shown. */
export default function TopSummary({engine, totals, intervalMs, shown, matching, watched, sources, scope}: Props) {
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text dimColor>engine </Text>
				{engine ? `${engine.flavour} ${engine.version} · cgroup v${engine.cgroupVersion} · ${engine.cpus} CPUs` : '…'}
				<Text dimColor> · CPU % as docker stats: 100 % = one core · refresh {intervalMs / 1000} s</Text>
			</Text>
			<Text wrap="truncate">
				<Text dimColor>totals </Text>
				{totals.length === 0 ? <Text dimColor>none</Text> : null}
				{totals.map((entry, index) => (
					<Text key={entry.family}>
						{index > 0 ? <Text dimColor> · </Text> : null}
						<Text color={familyColor[entry.family]} bold>
							{familyLabel[entry.family]}
						</Text>{' '}
						{entry.containers} <Text dimColor>CPU</Text> {percent(entry.cpuPercent)} <Text dimColor>mem</Text> {memBytes(entry.memUsage)}
					</Text>
				))}
				<Text dimColor>
					{'  '}({watched} with stats{sourceLabel(sources)}: only rows on screen are sampled)
				</Text>
			</Text>
			<Text wrap="truncate" dimColor>
				{matching} {matching === 1 ? 'container' : 'containers'}
				{shown < matching ? ` (${shown} on screen)` : ''} · {scope}
			</Text>
		</Box>
	);
}
