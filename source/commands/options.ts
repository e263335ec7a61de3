import {flagSpelling} from './argv.js';

/**
 * A command-line option, declared once: the same object gives meow its parsing (type, short flag,
 * default, repeatable), the runner its validation (choices, range) and `--help` its text
 * (description, value name, default), so help cannot drift from what is parsed.
 */
export type OptionSpec = {
	type: 'string' | 'boolean' | 'number';
	shortFlag?: string;
	default?: unknown;
	isMultiple?: boolean;
	/** What it does, one line (shown by `alpinist <command> --help`). */
	description?: string;
	/** The value's name in help, e.g. SECONDS, COLUMN (default: from the type). */
	value?: string;
	/** The default as help says it, when `default` does not tell it (computed, or decided later). */
	defaultText?: string;
	/** The only values a string option takes. */
	choices?: readonly string[];
	/** The range a number option takes, both ends included. */
	range?: readonly [min: number, max: number];
	/** A boolean whose --no-… spelling is the one people use (e.g. --no-smoke). */
	negatable?: boolean;
};

export type OptionSpecs = Record<string, OptionSpec>;

/** An example for `--help`: the command line and what it does. */
export type Example = {command: string; what: string};

/** Flags every command takes, parsed once by cli.tsx. */
export const globalOptions = {
	project: {type: 'string', value: 'DIR', description: 'the project', defaultText: 'this directory if it has one, else the bundled sample stack'},
	json: {type: 'boolean', default: false, description: 'one JSON document on stdout (logs go to stderr)'},
	ndjson: {type: 'boolean', default: false, description: 'with --json: every event as a JSON line on stderr while it runs'},
	plain: {type: 'boolean', default: false, description: 'plain lines even in a terminal (the default in CI and without a TTY)'},
	yes: {type: 'boolean', shortFlag: 'y', default: false, description: 'answer yes to confirmations (headless never prompts)'},
	dryRun: {type: 'boolean', default: false, description: 'show what would change, change nothing'},
	alpine: {type: 'boolean', description: 'choose the variant: --alpine or --no-alpine (also USE_ALPINE=true|false)', defaultText: 'from the config and USE_ALPINE'},
	forceRebuild: {type: 'boolean', default: false, description: 'build images without cache'},
	stateDir: {type: 'string', value: 'DIR', description: 'where progress is kept', defaultText: '~/.config/alpinist'},
	verbose: {type: 'boolean', shortFlag: 'v', default: false, description: 'more lines (build output, logs)'},
	help: {type: 'boolean', shortFlag: 'h', default: false, description: 'this help; `alpinist <command> --help` for a command'},
} as const satisfies OptionSpecs;

/** What meow reads of a spec (it rejects keys it does not know of, and validates nothing else). */
export function meowFlags(specs: OptionSpecs): Record<string, {type: OptionSpec['type']; shortFlag?: string; default?: unknown; isMultiple?: boolean}> {
	return Object.fromEntries(
		Object.entries(specs).map(([name, {type, shortFlag, default: value, isMultiple}]) => [
			name,
			{type, ...(shortFlag ? {shortFlag} : {}), ...(value === undefined ? {} : {default: value}), ...(isMultiple ? {isMultiple} : {})},
		]),
	);
}

/** The flags of an empty command line: each at its default, as meow gives them. */
export function defaultFlags(specs: OptionSpecs): Record<string, unknown> {
	return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, spec.isMultiple ? (spec.default ?? []) : spec.default]));
}

/** The spellings that take a value (--project DIR): where the command word is not. */
export function valueFlags(specs: OptionSpecs): string[] {
	return Object.entries(specs)
		.filter(([, spec]) => spec.type !== 'boolean')
		.map(([name]) => flagSpelling(name));
}

/** The first flag whose value the declaration does not allow, as a sentence; undefined when all are fine. */
export function invalidOption(specs: OptionSpecs, flags: Record<string, unknown>): string | undefined {
	for (const [name, spec] of Object.entries(specs)) {
		const given = flags[name];
		if (given === undefined) continue;
		const values = Array.isArray(given) ? given : [given];
		for (const value of values) {
			if (spec.choices && !spec.choices.includes(String(value))) {
				return `${flagSpelling(name)} takes ${spec.choices.map(choice => `"${choice}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')}, not "${String(value)}"`;
			}

			if (spec.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
				return `${flagSpelling(name)} takes a number, not "${String(value)}"`;
			}

			if (spec.range && (Number(value) < spec.range[0] || Number(value) > spec.range[1])) {
				return `${flagSpelling(name)} takes ${spec.value ?? 'a number'} from ${spec.range[0]} to ${spec.range[1]}, not ${String(value)}`;
			}
		}
	}

	return undefined;
}
