import type {Variant} from '../project/discover.js';

/**
 * Which variant a command starts or stops, the way the guide's test runner decides
 * (`use_alpine = not args.no_alpine`, overridden by `USE_ALPINE`):
 *
 *   1. the flag: --alpine / --no-alpine
 *   2. the environment: USE_ALPINE=true|false (also 1/0, yes/no, on/off)
 *   3. the project's recorded default: 'regular' until `alpinist migrate` has verified the Alpine
 *      stack, 'alpine' after (the guide's "Enable Alpine mode"; a rollback sets it back).
 *
 * `migrate` always targets Alpine: an explicit --no-alpine or USE_ALPINE=false contradicts it and
 * is refused rather than silently ignored.
 */

export type ChoiceSource = 'flag' | 'env' | 'default';

export type VariantChoice = {
	variant: Extract<Variant, 'regular' | 'alpine'>;
	source: ChoiceSource;
	/** How the choice was made, for a line like "Alpine (USE_ALPINE=true)". */
	reason: string;
};

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

export class UseAlpineError extends Error {
	override name = 'ConfigError';
}

/** USE_ALPINE as the guide's scripts read it. Unset or empty → undefined; anything else unknown is an error. */
export function parseUseAlpine(value: string | undefined): boolean | undefined {
	if (value === undefined) return undefined;
	const normal = value.trim().toLowerCase();
	if (normal === '') return undefined;
	if (truthy.has(normal)) return true;
	if (falsy.has(normal)) return false;
	throw new UseAlpineError(`USE_ALPINE="${value}" is neither true nor false (use USE_ALPINE=true or USE_ALPINE=false)`);
}

export function chooseVariant(input: {flag?: boolean; env?: NodeJS.ProcessEnv; recorded: 'regular' | 'alpine'}): VariantChoice {
	if (input.flag !== undefined) {
		return {variant: input.flag ? 'alpine' : 'regular', source: 'flag', reason: input.flag ? '--alpine' : '--no-alpine'};
	}

	const fromEnv = parseUseAlpine((input.env ?? process.env).USE_ALPINE);
	if (fromEnv !== undefined) {
		return {variant: fromEnv ? 'alpine' : 'regular', source: 'env', reason: `USE_ALPINE=${fromEnv}`};
	}

	return {variant: input.recorded, source: 'default', reason: `the project's default (${input.recorded})`};
}

/** True when the person explicitly asked for this variant (flag or environment), not just the default. */
export function isExplicit(choice: VariantChoice): boolean {
	return choice.source !== 'default';
}
