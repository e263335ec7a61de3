import {parseArgs} from 'node:util';
import {flagSpelling} from './argv.js';

/** One flag of a command: its type, one-letter alias, default and whether it repeats. */
export type FlagSpec = {type: 'string' | 'boolean' | 'number'; shortFlag?: string; default?: unknown; isMultiple?: boolean};

export type ParsedFlags = {flags: Record<string, unknown>; input: string[]};

/** A flag the command line got wrong: unknown, missing its value, or not a number. Exit code 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}

/**
 * Parses argv against flag specs keyed by camelCase name (--dry-run is dryRun), with Node's own
 * parser (util.parseArgs): `--flag value` and `--flag=value`, one-letter aliases, `--no-<flag>` for
 * a boolean, repeated flags for isMultiple, numbers checked, and everything after `--` taken as
 * input. A flag without a default is undefined when absent.
 */
export function parseFlags(argv: readonly string[], specs: Record<string, FlagSpec>): ParsedFlags {
	const options: Record<string, {type: 'string' | 'boolean'; short?: string; multiple?: boolean}> = {};
	for (const [name, spec] of Object.entries(specs)) {
		options[flagSpelling(name).slice(2)] = {type: spec.type === 'boolean' ? 'boolean' : 'string', ...(spec.shortFlag ? {short: spec.shortFlag} : {}), ...(spec.isMultiple ? {multiple: true} : {})};
	}

	// --no-<boolean> becomes --<boolean>=false's meaning; kept apart because parseArgs' own
	// allowNegative needs Node 22.4.
	const negated = new Set<string>();
	const args: string[] = [];
	for (const [index, arg] of argv.entries()) {
		if (arg === '--') {
			args.push(...argv.slice(index));
			break;
		}

		const name = arg.startsWith('--no-') ? arg.slice('--no-'.length) : undefined;
		if (name !== undefined && options[name]?.type === 'boolean') negated.add(name);
		else args.push(arg);
	}

	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({args, options, allowPositionals: true, strict: true});
	} catch (error) {
		throw new UsageError((error as Error).message.replace(/\. To specify a positional argument starting with a '-'.*$/s, ''));
	}

	const flags: Record<string, unknown> = {};
	for (const [name, spec] of Object.entries(specs)) {
		const typed = flagSpelling(name).slice(2);
		let value: unknown = negated.has(typed) ? false : parsed.values[typed];
		if (value === undefined) value = spec.isMultiple ? (spec.default ?? []) : spec.default;
		else if (spec.type === 'number') value = spec.isMultiple ? (value as string[]).map(item => toNumber(typed, item)) : toNumber(typed, value as string);
		flags[name] = value;
	}

	return {flags, input: parsed.positionals};
}

function toNumber(flag: string, text: string): number {
	const value = Number(text);
	if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} takes a number, not "${text}"`);
	return value;
}

