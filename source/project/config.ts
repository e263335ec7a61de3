import {readFileSync} from 'node:fs';
import {
	_default,
	array,
	config as configureZod,
	int,
	maximum,
	minimum,
	minLength,
	nonnegative,
	number,
	optional,
	type output,
	pipe,
	positive,
	record,
	regex,
	startsWith,
	strictObject,
	string,
	transform,
	union,
	type ZodMiniType,
} from 'zod/mini';
import type {$ZodIssue} from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

/** Sizes and durations are written the way people write them: "250MB", "1.5GB", "10s", or plain numbers (bytes, ms). */
const sizeUnits: Record<string, number> = {b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3};
const timeUnits: Record<string, number> = {ms: 1, s: 1000, m: 60_000, min: 60_000};

export function parseSize(value: string | number): number {
	if (typeof value === 'number') return value;
	const match = /^\s*([\d.]+)\s*([a-z]+)?\s*$/i.exec(value);
	const unit = match?.[2]?.toLowerCase() ?? 'b';
	if (!match || !(unit in sizeUnits)) throw new Error(`"${value}" is not a size (use e.g. 250MB, 1.5GB, 512MiB)`);
	return Number(match[1]) * sizeUnits[unit];
}

export function parseDuration(value: string | number): number {
	if (typeof value === 'number') return value;
	const match = /^\s*([\d.]+)\s*([a-z]+)?\s*$/i.exec(value);
	const unit = match?.[2]?.toLowerCase() ?? 'ms';
	if (!match || !(unit in timeUnits)) throw new Error(`"${value}" is not a duration (use e.g. 500ms, 10s, 2m)`);
	return Number(match[1]) * timeUnits[unit];
}

/** What a union of a number and a unit string expects, said in words (zod alone says "Invalid input"). */
const expecting = (what: string) => (issue: {input?: unknown}) =>
	issue.input === undefined ? `missing; expected ${what}` : `expected ${what}, got ${JSON.stringify(issue.input)}`;

/** A number, or a string with a unit turned into one by `convert`; a bad unit is an issue with convert's message. */
const withUnit = (what: string, convert: (value: string | number) => number) =>
	pipe(
		union([number().check(nonnegative()), string()], {error: expecting(what)}),
		transform((value: string | number, payload: {issues: unknown[]}) => {
			try {
				return convert(value);
			} catch (error) {
				payload.issues.push({code: 'custom', message: (error as Error).message, input: value});
				return 0;
			}
		}),
	);

const size = withUnit('a size: bytes, or a string like "250MB", "1.5GB", "512MiB"', parseSize);
const duration = withUnit('a duration: milliseconds, or a string like "500ms", "10s", "2m"', parseDuration);
const ratio = number().check(minimum(0), maximum(1));
const levels = <T extends ZodMiniType>(schema: T) => strictObject({warning: schema, critical: schema});

/**
 * alpinist.config.json. Written with zod's functional "mini" API: the same core and messages,
 * a fraction of the start-up cost of the chained API (it is on the path to the first frame).
 */
export const configSchema = strictObject({
	$schema: optional(string()),
	/** Base of the compose project names: <name>, <name>-alpine, <name>-alpine-test. */
	name: optional(string().check(regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "-" and "_", starting with a letter or digit'))),
	compose: _default(strictObject({regular: optional(string()), alpine: optional(string()), alpineTest: optional(string())}), {}),
	/** Environment for every compose call (build args, ports). */
	env: _default(record(string(), string()), {}),
	/**
	 * Local copies of upstream images, for mirrors and air-gapped sites: `"alpine:3.20":
	 * "registry.local/alpine:3.20"`, or a prefix ending in "/". `init` writes the local image
	 * wherever it chose the upstream one, and reads a local image as the upstream it stands for.
	 */
	imageSubstitutions: _default(record(string().check(minLength(1)), string().check(minLength(1))), {}),
	services: _default(
		record(
			string(),
			strictObject({
				/** The health endpoint: a path on the service's published port. */
				health: optional(strictObject({path: string().check(startsWith('/')), port: optional(int().check(positive()))})),
				/** How long this service may take to become healthy. */
				timeout: optional(duration),
			}),
		),
		{},
	),
	smoke: optional(
		strictObject({
			/** An argument array, run without a shell. ALPINIST_URL_<SERVICE> is set for each service. */
			command: array(string()).check(minLength(1)),
			timeout: _default(duration, 120_000),
		}),
	),
	healthTimeout: _default(duration, 90_000),
	/** The registry the stack's images are pushed to (HOST:PORT): verify reads their compressed pull size from its manifests. */
	registry: optional(string().check(regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'a registry address: HOST or HOST:PORT, e.g. "127.0.0.1:5000"'))),
	expectations: _default(
		strictObject({
			startup: _default(duration, 10_000),
			memory: _default(size, 800e6),
			imageSizes: _default(record(string(), size), {backend: 186e6}),
		}),
		{startup: 10_000, memory: 800e6, imageSizes: {backend: 186e6}},
	),
	thresholds: _default(
		strictObject({
			startup: _default(levels(duration), {warning: 10_000, critical: 15_000}),
			memory: _default(levels(size), {warning: 1e9, critical: 1.5e9}),
			testFailureRate: _default(levels(ratio), {warning: 0.05, critical: 0.1}),
			imageSize: _default(levels(size), {warning: 250e6, critical: 500e6}),
		}),
		{
			startup: {warning: 10_000, critical: 15_000},
			memory: {warning: 1e9, critical: 1.5e9},
			testFailureRate: {warning: 0.05, critical: 0.1},
			imageSize: {warning: 250e6, critical: 500e6},
		},
	),
});

export type ProjectConfig = output<typeof configSchema>;
export type Thresholds = ProjectConfig['thresholds'];

export class ConfigError extends Error {
	constructor(
		readonly file: string,
		readonly problems: string[],
	) {
		super(`${file} is not a valid alpinist config:\n${problems.map(problem => `  - ${problem}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Reads and validates alpinist.config.json; every problem names its field and what is expected. */
export function loadConfig(file: string | undefined): ProjectConfig {
	if (!file) return configSchema.parse({}) as ProjectConfig;
	let raw: unknown;
	try {
		raw = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new ConfigError(file, [(error as Error).message]);
	}

	return parseConfig(raw, file);
}

export function parseConfig(raw: unknown, file = 'alpinist.config.json'): ProjectConfig {
	let result = configSchema.safeParse(raw);
	if (result.success) return result.data;
	// zod mini starts without messages ("Invalid input"): load the English ones for the report.
	configureZod(en());
	result = configSchema.safeParse(raw);
	throw new ConfigError(file, (result.error?.issues ?? []).flatMap(issue => describeIssue(issue)));
}

type Issue = $ZodIssue;

/** "field.path: what is wrong, what is expected", one line per problem. */
function describeIssue(issue: Issue): string[] {
	const field = (path: PropertyKey[]) => (path.length > 0 ? path.map(String).join('.') : '(top level)');
	if (issue.code === 'unrecognized_keys') {
		const known = knownKeys(issue.path);
		return issue.keys.map(key => `${field([...issue.path, key])}: unknown field${known ? `; expected one of ${known.join(', ')}` : ''}`);
	}

	if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
		return [`${field(issue.path)}: missing; expected ${issue.expected}`];
	}

	return [`${field(issue.path)}: ${issue.message}`];
}

/** The fields an object of the schema allows at this path (through defaults, optionals and records). */
function knownKeys(path: PropertyKey[]): string[] | undefined {
	let schema: any = configSchema;
	const unwrap = () => {
		while (schema?.def && ['optional', 'default', 'pipe', 'nullable'].includes(schema.def.type)) schema = schema.def.innerType ?? schema.def.in;
	};

	unwrap();
	for (const key of path) {
		if (schema?.def?.type === 'object') schema = schema.def.shape[key as string];
		else if (schema?.def?.type === 'record') schema = schema.def.valueType;
		else return undefined;
		unwrap();
	}

	return schema?.def?.type === 'object' ? Object.keys(schema.def.shape).filter(key => key !== '$schema') : undefined;
}
