import type {StackFootprint} from '../../docker/footprint.js';
import type {ImageSize} from '../stack.js';
import type {ChangeKind, Comparison, Direction, Spread, TargetId, Verdict} from './stats.js';

export type BenchVariant = 'regular' | 'alpine';

export type BenchInput = {
	/** Rounds; each round measures regular then Alpine (A B A B …). */
	runs: number;
	/** Build every run with --no-cache and time it. */
	buildTime?: boolean;
	/** Also measure parallel capacity (longer). */
	capacity?: boolean;
	/** Memory budget for the capacity benchmark, bytes. */
	budget?: number;
	/** Most copies the capacity benchmark starts per variant. */
	max?: number;
	/** Only the capacity benchmark (no rounds). */
	capacityOnly?: boolean;
};

/** One variant measured once: up, healthy, memory, smoke test, down. */
export type VariantSample = {
	run: number;
	variant: BenchVariant;
	projectName: string;
	ok: boolean;
	error?: string;
	/** ms from `compose up -d` until every service was healthy (monotonic clock). */
	startupMs?: number;
	/** ms until each service was healthy. */
	serviceStartupMs?: Record<string, number>;
	/** Sum of the containers' memory right after all were healthy (bytes, page cache excluded). */
	memoryBytes?: number;
	/** Highest summed memory while the smoke test ran (bytes), and how many stats samples that saw. */
	peakMemoryBytes?: number;
	peakSamples?: number;
	smoke?: {durationMs: number; passed: number; failed: number; exitCode: number};
	/** ms of `compose build --no-cache` (only with --build-time). */
	buildMs?: number;
	images?: ImageSize[];
	/** The stack's images on disk: distinct layers once, shared and unique bytes (footprint.ts). */
	footprint?: StackFootprint;
};

export type Unit = 'bytes' | 'ms' | 'count';

/** One row of the side-by-side table. */
export type MetricRow = {
	id: string;
	label: string;
	unit: Unit;
	better: Direction;
	regular?: Spread;
	alpine?: Spread;
	/** The change from regular to Alpine (medians), by the target's formula. */
	change?: {kind: ChangeKind; value: number};
	target?: Verdict & {id: TargetId; label: string};
	/** The headline row of its target (the summary counts only these). */
	primary?: boolean;
	/** How the figure was measured. */
	method: string;
};

export type CapacityStep = {copies: number; totalBytes: number; ok: boolean; note?: string};

export type CapacityVariant = {
	variant: BenchVariant;
	/** Copies that ran side by side healthy, passing the smoke test, within the budget. */
	copies: number;
	/** Why it stopped: the next copy went over the budget, a copy failed, or --max was reached. */
	stoppedBy: 'budget' | 'failure' | 'max';
	/** Memory per copy at the largest count within the budget (bytes). */
	perCopyBytes?: number;
	steps: CapacityStep[];
	error?: string;
};

export type CapacityResult = {budget: number; max: number; variants: Partial<Record<BenchVariant, CapacityVariant>>};

export type TargetSummary = {id: TargetId; name: string; label: string; guide: string; formula: string; value?: number; pass?: boolean; row?: string; /** The figure the target is held against, in words. */ figure?: string; note?: string};

export type BenchResult = {
	project: string;
	at: string;
	runs: number;
	/** The order the variants ran in, e.g. regular, alpine, regular, alpine. */
	order: BenchVariant[];
	projectNames: Record<BenchVariant, string>;
	compose: Record<BenchVariant, string>;
	smokeCommand?: string[];
	engine?: {version: string; cpus: number; memoryBytes: number; cgroupVersion: string};
	samples: VariantSample[];
	rows: MetricRow[];
	targets: TargetSummary[];
	capacity?: CapacityResult;
	previousAt?: string;
	comparisons: Comparison[];
	regressions: Comparison[];
	/** Every run came up healthy and passed the smoke test. */
	ok: boolean;
};
