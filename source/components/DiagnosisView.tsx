import {Box, Text} from 'ink';
import type {Diagnosis, Finding} from '../flows/doctor/types.js';
import {stripControl} from '../format.js';

export type DiagnosisRow = {label?: string; text: string; color?: string; bold?: boolean; dim?: boolean};

const labelWidth = 9;

/** Cuts a line into pieces of at most `width` characters, at a space when there is one. */
export function wrapText(text: string, width: number): string[] {
	if (width <= 0 || text.length <= width) return [text];
	const pieces: string[] = [];
	let rest = text;
	while (rest.length > width) {
		const space = rest.lastIndexOf(' ', width);
		const cut = space > width / 2 ? space : width;
		pieces.push(rest.slice(0, cut));
		rest = rest.slice(cut).replace(/^ /, '');
	}

	if (rest) pieces.push(rest);
	return pieces;
}

function patchColor(line: string): string | undefined {
	if (line.startsWith('---') || line.startsWith('+++')) return undefined;
	if (line.startsWith('@@')) return 'cyan';
	if (line.startsWith('+')) return 'green';
	if (line.startsWith('-')) return 'red';
	return undefined;
}

function findingRows(finding: Finding): DiagnosisRow[] {
	const color = finding.severity === 'problem' ? 'red' : finding.severity === 'warning' ? 'yellow' : undefined;
	return [
		{text: ''},
		{text: `${finding.severity.toUpperCase()}  ${stripControl(finding.subject)}`, bold: true, color},
		...finding.evidence.map(line => ({label: 'evidence', text: stripControl(line)})),
		{label: 'cause', text: finding.cause},
		...finding.fix.map(line => ({label: 'fix', text: line, color: 'green'})),
		...(finding.patch ? finding.patch.split('\n').map(line => ({label: 'patch', text: line, color: patchColor(line), bold: line.startsWith('---') || line.startsWith('+++')})) : []),
		...(finding.apply ? [{label: 'apply', text: `press a: ${finding.apply.label}`, color: 'cyan', bold: true}] : []),
	];
}

/** The diagnosis as rows: symptom → evidence → cause → fix (patch, apply), wrapped to the width. */
export function diagnosisRows(diagnosis: Diagnosis, width: number): DiagnosisRow[] {
	const rows: DiagnosisRow[] = [
		{text: diagnosis.title, bold: true},
		{label: 'symptom', text: diagnosis.symptom},
		...(diagnosis.note ? [{label: 'checked', text: diagnosis.note, dim: true}] : []),
		...diagnosis.findings.flatMap(finding => findingRows(finding)),
	];
	return rows.flatMap(row => {
		const pieces = wrapText(row.text, width - (row.label === undefined ? 0 : labelWidth));
		return pieces.map((text, index) => ({...row, label: row.label === undefined ? undefined : index === 0 ? row.label : '', text}));
	});
}

type Props = {rows: DiagnosisRow[]; offset: number; height: number};

export default function DiagnosisView({rows, offset, height}: Props) {
	const visible = rows.slice(offset, offset + height);
	return (
		<Box flexDirection="column">
			{visible.map((row, index) => (
				<Text key={offset + index} wrap="truncate-end">
					{row.label === undefined ? null : <Text dimColor>{row.label.padEnd(labelWidth)}</Text>}
					<Text color={row.color} bold={row.bold} dimColor={row.dim}>
						{row.text || ' '}
					</Text>
				</Text>
			))}
		</Box>
	);
}
