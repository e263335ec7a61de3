import type Dockerode from 'dockerode';
import type {ComposeCli} from '../docker/compose.js';
import type {DockerStore} from '../docker/store.js';
import type {Project} from '../project/discover.js';
import type {ProgressStore} from '../project/progress.js';

/**
 * Flows are `async function*` that yield FlowEvents. A screen and a headless reporter are two
 * renderers of the same stream: flows never import Ink or React, screens never call dockerode.
 */

export type Status = 'pass' | 'warn' | 'fail' | 'skip';

/** A step starts (status running) or ends (pass/warn/fail/skip). */
export type StepEvent = {type: 'step'; id: string; title: string; status: 'running' | Status; summary?: string; durationMs?: number; detail?: string[]};
/** A line of output (build log, health probe output, container log), already stripped of control sequences. */
export type LogEvent = {type: 'log'; step?: string; source?: string; line: string};
/** Progress inside a step. */
export type ProgressEvent = {type: 'progress'; step: string; done: number; total?: number; label?: string};
/** Something a person should read: a warning, a hint, what happened. */
export type MessageEvent = {type: 'message'; level: 'info' | 'warn' | 'error'; text: string};

/** The events every flow may yield, whatever its data. */
export type BaseEvent = StepEvent | LogEvent | ProgressEvent | MessageEvent;

/** What a flow's data events carry: kind → payload type (a check result, a benchmark row…). */
export type DataMap = Record<string, unknown>;

/** The data events of a map, one member per kind: `{type: 'data'; kind: 'check'; data: CheckResult}`. */
export type DataEvents<M extends DataMap> = {[K in keyof M & string]: {type: 'data'; kind: K; data: M[K]}}[keyof M & string];

/** A data event as a screen keeps it: its kind and payload, still discriminated by kind. */
export type DataEntry<M extends DataMap> = {[K in keyof M & string]: {kind: K; data: M[K]}}[keyof M & string];

/**
 * The events of a flow whose data events are declared by `M`. Each flow names its map, so a
 * screen and a reporter reading `kind === 'check'` get a CheckResult, and a kind the flow never
 * yields fails to compile. Without `M` the union is open (any kind, unknown data): for code that
 * only passes events along (the drain, the NDJSON writer).
 */
export type FlowEvent<M extends DataMap = DataMap> = BaseEvent | DataEvents<M>;

/** No data events: what the step helpers yield. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type NoData = {};

export type FlowOutcome<T = unknown> = {
	ok: boolean;
	/** Overrides the default (0 when ok, 1 when not). */
	exitCode?: number;
	summary?: string;
	data?: T;
};

export type Confirmation = {
	title: string;
	/** Exactly what will happen: each container, volume, image, command. */
	items: string[];
	/** The key word of the action, e.g. "remove", "roll back". */
	action: string;
	destructive: boolean;
};

export type FlowContext = {
	docker: Dockerode;
	store: DockerStore;
	project: Project;
	progress: ProgressStore;
	/** Compose as found on this machine; rejects with ComposeMissingError when there is none. */
	compose: () => Promise<ComposeCli>;
	signal: AbortSignal;
	/** Asks the person (TUI) or answers from flags (headless: --yes; never prompts). */
	confirm: (question: Confirmation) => Promise<boolean>;
	dryRun: boolean;
};

export type Flow<Input = void, Output = unknown, M extends DataMap = NoData> = (
	context: FlowContext,
	input: Input,
) => AsyncGenerator<FlowEvent<M>, FlowOutcome<Output>, void>;

/** The data map a flow declares. */
export type DataOf<F> = F extends Flow<any, any, infer M> ? M : never;
