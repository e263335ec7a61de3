import path from 'node:path';
import {Box, Text} from 'ink';
import {stripControl} from '../format.js';
import type {ServiceRow} from '../flows/init/services.js';
import type {Row} from './ConversionView.js';

/** The project-wide Convert screen's table: one row per service with its decision, accepted or skipped. */

const statusColor: Record<ServiceRow['status'], string> = {converted: 'green', mapped: 'green', 'already-alpine': 'cyan', kept: 'yellow', flagged: 'red'};

type Props = {rows: ServiceRow[]; selected: number; skipped: ReadonlySet<string>; width: number};

const clean = (text: string) => stripControl(text);

export default function InitServiceRows({rows, selected, skipped, width}: Props) {
	const name = Math.min(16, Math.max(7, ...rows.map(row => row.name.length)) + 1);
	// '› ☑ ' + name + kind + decision + the arrow + ' not verified'
	const change = Math.max(20, width - name - 44);
	return (
		<Box flexDirection="column">
			<Text bold>
				{'    '}
				{'service'.padEnd(name)} {'kind'.padEnd(6)} {'decision'.padEnd(15)} {'from → to'.padEnd(change)} registry
			</Text>
			{rows.map((row, index) => {
				const isSkipped = skipped.has(row.name);
				const arrow = row.from === row.to || !row.to ? clean(row.from) || '—' : `${clean(row.from)} → ${clean(row.to)}`;
				const registry = row.images.length === 0 ? '—' : row.verified ? 'verified' : row.status === 'flagged' && /does not exist/.test(row.reason) ? 'tag missing' : 'not verified';
				return (
					<Text key={row.name} inverse={index === selected} dimColor={isSkipped} wrap="truncate-end">
						{index === selected ? '› ' : '  '}
						{isSkipped ? '☐ ' : '☑ '}
						{clean(row.name).padEnd(name)} {row.kind.padEnd(6)} <Text color={isSkipped ? undefined : statusColor[row.status]}>{(isSkipped ? 'skipped' : row.status).padEnd(15)}</Text> {arrow.length > change ? `${arrow.slice(0, change - 1)}…` : arrow.padEnd(change)}{' '}
						<Text color={row.verified ? 'green' : undefined} dimColor={!row.verified}>
							{registry}
						</Text>
					</Text>
				);
			})}
		</Box>
	);
}

/** What a row opens to: its reason, what the registry said, and for a build its Dockerfile diff and musl findings. */
export function serviceDetailRows(row: ServiceRow, root: string): Row[] {
	const rows: Row[] = [
		{text: `${clean(row.name)}: ${row.status}${row.profiles.length > 0 ? ` (profiles ${row.profiles.join(', ')})` : ''}`, bold: true},
		{text: clean(row.reason)},
		{text: `registry: ${clean(row.verification)}`, dim: !row.verified, color: row.verified ? 'green' : undefined},
	];
	const build = row.build;
	if (!build?.conversion) return rows;
	rows.push({text: `${path.relative(root, build.source ?? '') || 'inline Dockerfile'} → ${build.dockerfile ? path.relative(root, build.dockerfile) : 'inline'}`, dim: true}, {text: ''});
	for (const line of (build.diff ?? '').replace(/\n$/, '').split('\n')) {
		if (line === '') continue;
		if (line.startsWith('---') || line.startsWith('+++')) rows.push({text: clean(line), bold: true});
		else if (line.startsWith('@@')) rows.push({text: clean(line), color: 'cyan'});
		else if (line.startsWith('+')) rows.push({text: clean(line), color: 'green'});
		else if (line.startsWith('-')) rows.push({text: clean(line), color: 'red'});
		else rows.push({text: clean(line)});
	}

	const findings = build.conversion.findings;
	rows.push({text: ''}, {text: `musl findings (${findings.length})`, bold: true});
	const color = {error: 'red', warning: 'yellow', info: 'cyan'} as const;
	for (const finding of findings) rows.push({text: `${finding.severity.padEnd(7)} ${finding.code} ${finding.in === 'original' ? 'line' : 'result line'} ${finding.line}: ${clean(finding.message)}`, color: color[finding.severity]});
	return rows;
}
