import {runHadolint} from '../dockerfile/hadolint.js';
import {convertFile, type FileConversion} from '../dockerfile/file.js';
import {loadMappings, MappingsError} from '../dockerfile/mappings.js';
import type {PackageMappings} from '../dockerfile/packages.js';
import type {Finding, HadolintReport} from '../dockerfile/types.js';
import {ExitCode, type Command, type CommandContext} from './types.js';

const USAGE = 'alpinist convert <Dockerfile> [--write] [--force] [--json] [--mappings FILE]';

type Paint = (code: number, text: string) => string;

function painter(context: CommandContext): Paint {
	const stream = context.stdout as NodeJS.WritableStream & {isTTY?: boolean};
	const on = stream.isTTY === true && process.env.NO_COLOR === undefined && context.mode !== 'json';
	return (code, text) => (on ? `\u001B[${code}m${text}\u001B[39m` : text);
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

function exitCodeOf(conversion: Extract<FileConversion, {kind: 'converted'}>): number {
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

function printPlain(context: CommandContext, conversion: Extract<FileConversion, {kind: 'converted'}>, hadolint: HadolintReport): void {
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

export const convert: Command = {
	name: 'convert',
	summary: 'Convert a Dockerfile to its Alpine variant and report musl compatibility',
	usage: USAGE,
	flags: {
		write: {type: 'boolean', default: false},
		force: {type: 'boolean', default: false},
		mappings: {type: 'string'},
	},
	screen: 'convert',
	// Without a file, the screen lists the project's Dockerfiles (`alpinist init` opens it for the whole project).
	screenParams: () => ({mode: 'files'}),
	async run(context) {
		const {args, flags} = context;
		if (args.length !== 1) {
			context.stderr.write(`${args.length === 0 ? 'Missing the Dockerfile to convert.' : 'Give one Dockerfile at a time.'}\nUsage: ${USAGE}\n`);
			return ExitCode.usage;
		}
		let mappings: PackageMappings | undefined;
		if (flags.mappings !== undefined) {
			try {
				if (typeof flags.mappings !== 'string' || flags.mappings === '') throw new MappingsError('--mappings needs a file');
				mappings = loadMappings(flags.mappings);
			} catch (error) {
				if (!(error instanceof MappingsError)) throw error;
				if (context.mode === 'json') context.stdout.write(`${JSON.stringify({file: args[0], ok: false, exitCode: ExitCode.usage, error: {message: error.message}})}\n`);
				else context.stderr.write(`${error.message}\nNothing converted.\n`);
				return ExitCode.usage;
			}
		}
		const conversion = convertFile(args[0]!, {write: flags.write === true, force: flags.force === true, mappings});
		if (conversion.kind !== 'converted') {
			const message = conversion.kind === 'parse-error' ? `${conversion.file}:${conversion.line}: ${conversion.message}` : conversion.message;
			if (context.mode === 'json') context.stdout.write(`${JSON.stringify(toJson(conversion))}\n`);
			else context.stderr.write(`${message}\nNothing written.\n`);
			return ExitCode.usage;
		}
		const hadolint = await runHadolint(conversion.result.converted, {signal: context.signal});
		if (context.mode === 'json') context.stdout.write(`${JSON.stringify(toJson(conversion, hadolint), null, 2)}\n`);
		else printPlain(context, conversion, hadolint);
		return exitCodeOf(conversion);
	},
};

export default convert;
