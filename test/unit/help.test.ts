import {describe, expect, it} from 'vitest';
import {flagSpelling} from '../../source/commands/argv.js';
import {commandHelp, globalHelp, optionSpelling, usageLines} from '../../source/commands/help.js';
import {commands} from '../../source/commands/index.js';
import {globalOptions, invalidOption, meowFlags, type OptionSpecs} from '../../source/commands/options.js';
import type {Command} from '../../source/commands/types.js';

const loaded: Command[] = await Promise.all(commands.map(async entry => entry.load()));
const summaryOf = (command: Command) => commands.find(entry => entry.name === command.name)!.summary;

/** Every spelling a command line can use with this command: its own options and the global ones. */
function spellings(command: Command): Set<string> {
	const specs: OptionSpecs = {...globalOptions, ...command.flags};
	return new Set(
		Object.entries(specs).flatMap(([name, spec]) => [flagSpelling(name), `--no-${flagSpelling(name).slice(2)}`, ...(spec.shortFlag ? [`-${spec.shortFlag}`] : [])]),
	);
}

describe('every command declares its options for --help', () => {
	it.each(loaded.map(command => [command.name, command] as const))('%s: each option has a meaning; two examples that use only declared options', (_name, command) => {
		for (const [name, spec] of Object.entries(command.flags ?? {})) expect(spec.description, `${command.name} --${name}`).toBeTruthy();
		expect(command.examples?.length ?? 0).toBeGreaterThanOrEqual(2);
		const known = spellings(command);
		for (const example of command.examples ?? []) {
			expect(example.command.startsWith(`alpinist ${command.name}`), example.command).toBe(true);
			for (const token of example.command.split(/\s+/).filter(word => word.startsWith('-'))) expect(known.has(token), `${example.command}: ${token}`).toBe(true);
		}
	});

	it.each(loaded.map(command => [command.name, command] as const))('%s --help lists every option it parses', (_name, command) => {
		const text = commandHelp(command, summaryOf(command));
		expect(text).toContain(summaryOf(command));
		for (const line of usageLines(command)) expect(text).toContain(`$ ${line}`);
		for (const [name, spec] of Object.entries(command.flags ?? {})) expect(text).toContain(optionSpelling(name, spec));
		for (const example of command.examples ?? []) expect(text).toContain(`$ ${example.command}`);
	});
});

describe('commandHelp', () => {
	it("top: its options with meaning and defaults, examples, then the global options' names", () => {
		const top = loaded.find(command => command.name === 'top')!;
		const text = commandHelp(top, summaryOf(top));
		expect(text).toMatch(/--interval SECONDS +time between refreshes.*0\.1 to 60 \(default: 1\)/);
		expect(text).toMatch(/--all, -a +also stopped containers/);
		expect(text).toMatch(/--sort COLUMN +sort by a column: name, service/);
		expect(text).toContain('$ alpinist top --once --json --filter backend');
		expect(text).toMatch(/Global options[^]*--project DIR · --json/);
		expect(text).not.toMatch(/--help, -h/);
	});

	it('negatable booleans are spelled as people type them, defaults from the declaration', () => {
		const rollback = loaded.find(command => command.name === 'rollback')!;
		const text = commandHelp(rollback, summaryOf(rollback));
		expect(text).toMatch(/--no-backup +with --permanent: skip the volume backups/);
		expect(text).toMatch(/--backup-dir DIR .*\(default: \.alpinist-backups\/<time>\/ in\n +the project\)/);
		const reportCommand = loaded.find(command => command.name === 'report')!;
		const report = commandHelp(reportCommand, summaryOf(reportCommand));
		expect(report).toMatch(/--fail-on LEVEL +exit 1 when a metric reaches this level; one of: warning, critical \(default:\s+critical\)/);
	});

	it('the global help lists every command and every global option', () => {
		const text = globalHelp(commands);
		for (const command of commands) expect(text).toContain(`    ${command.name} `);
		for (const [name, spec] of Object.entries(globalOptions)) expect(text).toContain(optionSpelling(name, spec));
	});
});

describe('options drive parsing and validation', () => {
	it('meow is given only what it reads', () => {
		expect(meowFlags({sort: {type: 'string', value: 'COLUMN', description: 'x', choices: ['a']}, all: {type: 'boolean', shortFlag: 'a', default: false}})).toEqual({
			sort: {type: 'string'},
			all: {type: 'boolean', shortFlag: 'a', default: false},
		});
	});

	it('choices, numbers and ranges are checked; what is not given is not', () => {
		const specs = {failOn: {type: 'string', choices: ['error', 'warning']}, interval: {type: 'number', value: 'SECONDS', range: [0.1, 60]}, only: {type: 'string', isMultiple: true, choices: ['a', 'b']}} as const;
		expect(invalidOption(specs, {})).toBeUndefined();
		expect(invalidOption(specs, {failOn: 'warning', interval: 2, only: ['a', 'b']})).toBeUndefined();
		expect(invalidOption(specs, {failOn: 'never'})).toBe('--fail-on takes "error" or "warning", not "never"');
		expect(invalidOption(specs, {interval: 100})).toBe('--interval takes SECONDS from 0.1 to 60, not 100');
		expect(invalidOption(specs, {interval: Number.NaN})).toBe('--interval takes a number, not "NaN"');
		expect(invalidOption(specs, {only: ['a', 'c']})).toBe('--only takes "a" or "b", not "c"');
	});
});
