import {Box, Text} from 'ink';
import type {FileConversion} from '../dockerfile/file.js';

type Converted = Extract<FileConversion, {kind: 'converted'}>;

export type Row = {text: string; color?: string; dim?: boolean; bold?: boolean};

const severityColor = {error: 'red', warning: 'yellow', info: 'cyan'} as const;

/** Everything the conversion shows, as rows: the diff, then the findings, then a summary. */
export function conversionRows(conversion: Converted): Row[] {
	const rows: Row[] = [];
	const {result} = conversion;
	if (conversion.diff === '') {
		rows.push({text: `${conversion.file}: nothing to change`, dim: true});
	} else {
		for (const line of conversion.diff.replace(/\n$/, '').split('\n')) {
			if (line.startsWith('---') || line.startsWith('+++')) rows.push({text: line, bold: true});
			else if (line.startsWith('@@')) rows.push({text: line, color: 'cyan'});
			else if (line.startsWith('+')) rows.push({text: line, color: 'green'});
			else if (line.startsWith('-')) rows.push({text: line, color: 'red'});
			else rows.push({text: line});
		}
	}
	rows.push({text: ''});
	rows.push({text: `Findings (${result.findings.length})`, bold: true});
	for (const finding of result.findings) {
		const where = finding.in === 'original' ? 'line' : 'result line';
		rows.push({text: `${finding.severity.padEnd(7)} ${finding.code} ${where} ${finding.line}: ${finding.message}`, color: severityColor[finding.severity]});
	}
	if (result.unknownPackages.length > 0) {
		rows.push({text: `Unknown packages: ${[...new Set(result.unknownPackages.map(p => p.package))].join(', ')}`, color: 'red'});
	}
	if (result.pins.length > 0) {
		rows.push({text: `Dropped pins: ${result.pins.map(p => `${p.package}=${p.version}`).join(', ')}`, color: 'yellow'});
	}
	return rows;
}

type Props = {
	conversion: Converted;
	/** First row shown. */
	offset: number;
	/** Rows that fit. */
	height: number;
	/** A line under the rows (write result, errors). */
	status?: string;
};

/** The diff with +/- lines colored and the findings, in a window of `height` rows from `offset`. */
export default function ConversionView({conversion, offset, height, status}: Props) {
	const rows = conversionRows(conversion);
	const visible = rows.slice(offset, offset + height);
	const errors = conversion.result.findings.filter(f => f.severity === 'error').length;
	return (
		<Box flexDirection="column" paddingX={1}>
			<Text>
				<Text bold>{conversion.file}</Text>
				<Text dimColor> → {conversion.target}</Text>
				{'  '}
				{errors > 0 ? <Text color="red">{errors} to fix by hand</Text> : <Text color="green">converted</Text>}
				<Text dimColor>
					{'  '}
					{conversion.result.changes.length} changes · rows {rows.length === 0 ? 0 : offset + 1}–{Math.min(rows.length, offset + height)} of {rows.length}
				</Text>
			</Text>
			<Box flexDirection="column" marginTop={1}>
				{visible.map((row, index) => (
					<Text key={offset + index} color={row.color} dimColor={row.dim} bold={row.bold} wrap="truncate-end">
						{row.text === '' ? ' ' : row.text}
					</Text>
				))}
			</Box>
			{status ? <Text color="yellow">{status}</Text> : null}
		</Box>
	);
}
