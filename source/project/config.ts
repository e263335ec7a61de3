import {readFileSync} from 'node:fs';
import {z} from 'zod';

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

const size = z.union([z.number().nonnegative(), z.string()], {error: expecting('a size: bytes, or a string like "250MB", "1.5GB", "512MiB"')}).transform((value, ctx) => {
	try {
		return parseSize(value);
	} catch (error) {
		ctx.addIssue({code: 'custom', message: (error as Error).message});
		return z.NEVER;
	}
});

const duration = z.union([z.number().nonnegative(), z.string()], {error: expecting('a duration: milliseconds, or a string like "500ms", "10s", "2m"')}).transform((value, ctx) => {
	try {
		return parseDuration(value);
	} catch (error) {
		ctx.addIssue({code: 'custom', message: (error as Error).message});
		return z.NEVER;
	}
});

const ratio = z.number().min(0).max(1);

const levels = <T extends z.ZodTypeAny>(schema: T) => z.object({warning: schema, critical: schema}).strict();

export const configSchema = z
	.object({
		$schema: z.string().optional(),
		/** Base of the compose project names: <name>, <name>-alpine, <name>-alpine-test. */
		name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "-" and "_", starting with a letter or digit').optional(),
		compose: z
			.object({
				regular: z.string().optional(),
				alpine: z.string().optional(),
				alpineTest: z.string().optional(),
			})
			.strict()
			.default({}),
		/** Environment for every compose call (build args, ports). */
		env: z.record(z.string(), z.string()).default({}),
		services: z
			.record(
				z.string(),
				z
					.object({
						/** The health endpoint: a path on the service's published port. */
						health: z.object({path: z.string().startsWith('/'), port: z.number().int().positive().optional()}).strict().optional(),
						/** How long this service may take to become healthy. */
						timeout: duration.optional(),
					})
					.strict(),
			)
			.default({}),
		smoke: z
			.object({
				/** An argument array, run without a shell. ALPINIST_URL_<SERVICE> is set for each service. */
				command: z.array(z.string()).min(1),
				timeout: duration.default(120_000),
			})
			.strict()
			.optional(),
		healthTimeout: duration.default(90_000),
		expectations: z
			.object({
				startup: duration.default(10_000),
				memory: size.default(800e6),
				imageSizes: z.record(z.string(), size).default({backend: 186e6}),
			})
			.strict()
			.default({startup: 10_000, memory: 800e6, imageSizes: {backend: 186e6}}),
		thresholds: z
			.object({
				startup: levels(duration).default({warning: 10_000, critical: 15_000}),
				memory: levels(size).default({warning: 1e9, critical: 1.5e9}),
				testFailureRate: levels(ratio).default({warning: 0.05, critical: 0.1}),
				imageSize: levels(size).default({warning: 250e6, critical: 500e6}),
			})
			.strict()
			.default({
				startup: {warning: 10_000, critical: 15_000},
				memory: {warning: 1e9, critical: 1.5e9},
				testFailureRate: {warning: 0.05, critical: 0.1},
				imageSize: {warning: 250e6, critical: 500e6},
			}),
	})
	.strict();

export type ProjectConfig = z.output<typeof configSchema>;
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
	if (!file) return configSchema.parse({});
	let raw: unknown;
	try {
		raw = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new ConfigError(file, [(error as Error).message]);
	}

	return parseConfig(raw, file);
}

export function parseConfig(raw: unknown, file = 'alpinist.config.json'): ProjectConfig {
	const result = configSchema.safeParse(raw);
	if (result.success) return result.data;
	throw new ConfigError(file, result.error.issues.flatMap(issue => describeIssue(issue)));
}

type Issue = z.core.$ZodIssue;

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
