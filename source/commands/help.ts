import {flagSpelling} from './argv.js';
import {globalOptions, type OptionSpec, type OptionSpecs} from './options.js';
import type {Command, CommandEntry} from './types.js';

/** `alpinist --help` and `alpinist <command> --help`, written from the declarations (options.ts). */

const exitCodes = '0 ok · 1 a check or gate failed · 2 usage or config error · 3 Docker engine unreachable · 130 interrupted';

/** How an option is typed: `--interval SECONDS`, `--all, -a`, `--no-smoke`. */
export function optionSpelling(name: string, spec: OptionSpec): string {
	const base = spec.negatable ? `--no-${flagSpelling(name).slice(2)}` : flagSpelling(name);
	const value = spec.type === 'boolean' ? '' : ` ${spec.value ?? (spec.type === 'number' ? 'N' : 'VALUE')}`;
	return `${base}${value}${spec.shortFlag ? `, -${spec.shortFlag}` : ''}`;
}

/** The text after the spelling: the description, the values it takes, its default. */
export function optionMeaning(spec: OptionSpec): string {
	const parts = [spec.description ?? ''];
	if (spec.choices) parts.push(`one of: ${spec.choices.join(', ')}`);
	else if (spec.range) parts.push(`${spec.range[0]} to ${spec.range[1]}`);
	if (spec.isMultiple) parts.push('repeatable');
	const fallback = spec.defaultText ?? (spec.type === 'boolean' || spec.default === undefined || (Array.isArray(spec.default) && spec.default.length === 0) ? undefined : String(spec.default));
	const meaning = parts.filter(Boolean).join('; ');
	return fallback === undefined ? meaning : `${meaning} (default: ${fallback})`;
}

/** Option lines, aligned; descriptions wrap under themselves at `width` columns. */
export function optionLines(specs: OptionSpecs, indent = 4, width = 100): string[] {
	const rows = Object.entries(specs).map(([name, spec]) => [optionSpelling(name, spec), optionMeaning(spec)] as const);
	const column = Math.min(28, Math.max(...rows.map(([spelling]) => spelling.length)) + 2);
	return rows.flatMap(([spelling, meaning]) => {
		const pad = ' '.repeat(indent + column);
		const wrapped = wrap(meaning, Math.max(30, width - indent - column));
		const first = spelling.length + 2 > column ? [`${' '.repeat(indent)}${spelling}`, `${pad}${wrapped[0] ?? ''}`] : [`${' '.repeat(indent)}${spelling.padEnd(column)}${wrapped[0] ?? ''}`];
		return [...first, ...wrapped.slice(1).map(line => `${pad}${line}`)].map(line => line.trimEnd());
	});
}

function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else {
			line = line ? `${line} ${word}` : word;
		}
	}

	if (line) lines.push(line);
	return lines;
}

/** The synopsis lines of a command: its own when declared, else `alpinist NAME [ARGS] [options]`. */
export function usageLines(command: Pick<Command, 'name' | 'usage' | 'arguments' | 'flags'>): string[] {
	if (command.usage) return command.usage.split('\n');
	const options = Object.keys(command.flags ?? {}).length > 0 ? ' [options]' : '';
	return [`alpinist ${command.name}${command.arguments ? ` ${command.arguments}` : ''}${options}`];
}

/** A command's help; its one-line summary is the command table's (index.ts). */
export function commandHelp(command: Command, summary: string): string {
	const own = command.flags ?? {};
	const lines = ['', `  ${summary}`, '', '  Usage', ...usageLines(command).map(line => `    $ ${line}`), ''];
	if (Object.keys(own).length > 0) lines.push('  Options', ...optionLines(own), '');
	else lines.push('  Options', '    none of its own', '');
	if (command.examples?.length) {
		lines.push('  Examples');
		for (const example of command.examples) lines.push(`    $ ${example.command}`, `        ${example.what}`);
		lines.push('');
	}

	const global = Object.entries(globalOptions)
		.filter(([name]) => name !== 'help' && !(name in own))
		.map(([name, spec]) => optionSpelling(name, spec).replace(/, -\w$/, ''));
	lines.push('  Global options (see alpinist --help)', ...wrap(global.join(' · '), 96).map(line => `    ${line}`), '', '  Exit codes', `    ${exitCodes}`, '');
	return lines.join('\n');
}

export function globalHelp(commands: Array<Pick<CommandEntry, 'name' | 'summary'>>): string {
	const width = Math.max(...commands.map(command => command.name.length)) + 2;
	return [
		'',
		'  Move a Docker Compose platform from Debian/glibc images to Alpine/musl images, safely and measurably.',
		'',
		'  Usage',
		'    $ alpinist                 the interactive wizard (on the bundled sample stack by default)',
		'    $ alpinist <command> [options]',
		'',
		'  Commands',
		...commands.map(command => `    ${command.name.padEnd(width)}${command.summary}`),
		'',
		'  Options',
		...optionLines({...globalOptions, version: {type: 'boolean', description: 'print the version'}}),
		'',
		'  Exit codes',
		`    ${exitCodes}`,
		'',
		"  Run `alpinist <command> --help` for a command's options and examples.",
		'',
	].join('\n');
}
