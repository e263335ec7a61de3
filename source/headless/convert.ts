import type {CommandContext} from '../commands/types.js';
import type {FileConversion} from '../dockerfile/file.js';
import type {Finding, HadolintReport} from '../dockerfile/types.js';
import {ExitCode} from '../flows/exit-code.js';
import {colour, wantsColour} from './output.js';

/** `alpinist convert` headless: the diff and findings as lines (coloured on a terminal), and its JSON document. */

type Paint = (code: number, text: string) => string;

function painter(context: CommandContext): Paint {
	const stream = context.stdout as NodeJS.WritableStream & {isTTY?: boolean};
	const on = wantsColour(stream) && context.mode !== 'json';
	// Marked, not raw: the output stream draws our colours and strips any escape the file holds.
	return (code, text) => (on ? colour(code, text) : text);
}

const SEVERITY_COLOR = {error: 31, warning: 33, info: 36} as const;

type HadolintFinding = {line?: number; code?: string; message?: string; level?: string};

function counts(findings: Finding[]) {
	return {
		errors: findings.filter(f => f.severity === 'error').length,
		warnings: findings.filter(f => f.severity === 'warning').length,
		infos: findings.filter(f => f.severity === 'info').length,
	};
}

export function exitCodeOf(conversion: Extract<FileConversion, {kind: 'converted'}>): number {
	return conversion.failed || conversion.writeRefused ? ExitCode.failed : ExitCode.ok;
}

/** The JSON document `alpinist convert --json` prints. */
export function toJson(conversion: FileConversion, hadolint?: HadolintReport) {
	if (conversion.kind === 'parse-error') {
		return {file: conversion.file, ok: false, exitCode: ExitCode.usage, error: {line: conversion.line, message: `${conversion.file}:${conversion.line}: ${conversion.message}`}};
	}
	if (conversion.kind === 'unreadable') {
		return {file: conversion.file, ok: false, exitCode: ExitCode.usage, error: {message: conversion.message}};
	}
	const {result} = conversion;
	return {
		file: conversion.file,
		target: conversion.target,
		ok: !conversion.failed,
		exitCode: exitCodeOf(conversion),
		changed: result.changed,
		written: conversion.written,
		...(conversion.writeRefused ? {writeRefused: conversion.writeRefused} : {}),
		summary: {changes: result.changes.length, ...counts(result.findings), unknownPackages: result.unknownPackages.length, pins: result.pins.length},
		stages: result.stages,
		changes: result.changes,
		findings: result.findings,
		unknownPackages: result.unknownPackages,
		pins: result.pins,
		converted: result.converted,
		diff: conversion.diff,
		hadolint: hadolint?.available ? {exitCode: hadolint.exitCode, findings: hadolint.findings} : null,
		...(hadolint && !hadolint.available ? {hadolintSkipped: hadolint.reason} : {}),
	};
}

export function printPlain(context: CommandContext, conversion: Extract<FileConversion, {kind: 'converted'}>, hadolint: HadolintReport): void {
	const paint = painter(context);
	const out = (line = '') => context.stdout.write(`${line}\n`);
	const {result} = conversion;
	if (conversion.diff === '') {
		out(`${conversion.file}: nothing to change`);
	} else {
		for (const line of conversion.diff.replace(/\n$/, '').split('\n')) {
			if (line.startsWith('+++') || line.startsWith('---')) out(paint(1, line));
			else if (line.startsWith('@@')) out(paint(36, line));
			else if (line.startsWith('+')) out(paint(32, line));
			else if (line.startsWith('-')) out(paint(31, line));
			else out(line);
		}
	}
	if (result.findings.length > 0) out();
	for (const finding of result.findings) {
		const where = finding.in === 'original' ? conversion.file : conversion.target;
		out(`${where}:${finding.line}: ${paint(SEVERITY_COLOR[finding.severity], finding.severity)} ${finding.code} ${finding.message}`);
	}
	if (hadolint.available) {
		for (const raw of hadolint.findings as HadolintFinding[]) {
			out(`${conversion.target}:${raw.line ?? '?'}: ${raw.level ?? 'info'} ${raw.code ?? ''} ${raw.message ?? ''} (hadolint)`);
		}
	}
	const c = counts(result.findings);
	out();
	out(
		`${result.changes.length} change${result.changes.length === 1 ? '' : 's'}; ${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}, ${c.infos} note${c.infos === 1 ? '' : 's'}` +
			(result.unknownPackages.length > 0 ? `; unknown packages: ${[...new Set(result.unknownPackages.map(p => p.package))].join(', ')}` : ''),
	);
	if (!hadolint.available) out(`hadolint: skipped (${hadolint.reason})`);
	if (conversion.written) out(`Wrote ${conversion.target}`);
	else if (conversion.writeRefused) context.stderr.write(`Not written: ${conversion.writeRefused}\n`);
	else out(`Not written; run with --write to create ${conversion.target}`);
}

