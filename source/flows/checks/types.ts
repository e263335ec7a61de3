import type {Snapshot} from '../../docker/types.js';
import type {Variant} from '../../project/discover.js';
import type {FlowContext} from '../types.js';
import type {ReadResult} from './compose-model.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One judged check: what was measured, what was expected, and what to do about it. */
export type CheckResult = {
	id: string;
	title: string;
	status: CheckStatus;
	/** The measured value, one line. */
	value: string;
	/** What a good value is (the guide's figure where it has one). */
	expected?: string;
	/** A command or an action that fixes a warn or a fail. */
	fix?: string;
	/** More lines for the expanded view: per container, per service, per port. */
	detail?: string[];
	durationMs?: number;
	/** Typed figures for the JSON document. */
	data?: Record<string, unknown>;
};

export type CheckOutcome = Omit<CheckResult, 'id' | 'title' | 'durationMs'>;

/** What the guide and alpinist expect of the machine. Flows may be given other figures (tests do). */
export type Requirements = {
	/** The guide: "Available memory: >4GB recommended for parallel testing". */
	freeMemory: number;
	/** Below this the stack is unlikely to start next to what runs: fail. */
	minFreeMemory: number;
	/** Free disk where the engine keeps data and where the project lives: warn below. */
	freeDisk: number;
	/** Fail below. */
	minFreeDisk: number;
	/** Free disk wanted for the Alpine images, as a multiple of their estimated size (layers + build cache). */
	imageHeadroom: number;
	/** How long a registry probe for a missing base image may take, ms. */
	registryTimeoutMs: number;
};

export const defaultRequirements: Requirements = {
	freeMemory: 4e9,
	minFreeMemory: 1e9,
	freeDisk: 5e9,
	minFreeDisk: 1e9,
	imageHeadroom: 2,
	registryTimeoutMs: 1500,
};

/** Inputs shared by the checks, each computed once however many checks ask. */
export type CheckEnv = {
	context: FlowContext;
	requirements: Requirements;
	/** The store's first picture when the engine answers, else undefined. */
	engine: () => Promise<Snapshot | undefined>;
	/** A variant's compose file, read and resolved; undefined when the project names none. */
	composeFile: (variant: Variant) => Promise<ReadResult | undefined>;
	/** The environment compose interpolates that variant's file with. */
	composeEnv: (variant: Variant) => Record<string, string | undefined>;
	/** Computes something once per run for every check that asks (e.g. the Alpine Dockerfiles). */
	shared: <T>(key: string, compute: () => Promise<T>) => Promise<T>;
};

export type CheckDefinition = {
	id: string;
	title: string;
	/** Skipped ("skipped: engine unreachable") when the engine does not answer. */
	needsEngine?: boolean;
	run: (env: CheckEnv) => Promise<CheckOutcome>;
};
