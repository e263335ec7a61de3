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

export type FlowEvent =
	/** A step starts (status running) or ends (pass/warn/fail/skip). */
	| {type: 'step'; id: string; title: string; status: 'running' | Status; summary?: string; durationMs?: number; detail?: string[]}
	/** A line of output (build log, health probe output, container log), already stripped of control sequences. */
	| {type: 'log'; step?: string; source?: string; line: string}
	/** Progress inside a step. */
	| {type: 'progress'; step: string; done: number; total?: number; label?: string}
	/** Something a person should read: a warning, a hint, what happened. */
	| {type: 'message'; level: 'info' | 'warn' | 'error'; text: string}
	/** A typed payload (a check result, a benchmark row…) for screens and the JSON document. */
	| {type: 'data'; kind: string; data: unknown};

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

export type Flow<Input = void, Output = unknown> = (
	context: FlowContext,
	input: Input,
) => AsyncGenerator<FlowEvent, FlowOutcome<Output>, void>;

/** Times a step on the monotonic clock and yields its start and end. */
export async function* step<T>(
	id: string,
	title: string,
	work: () => Promise<{status: Status; summary?: string; detail?: string[]; value?: T}>,
): AsyncGenerator<FlowEvent, {status: Status; value?: T}, void> {
	yield {type: 'step', id, title, status: 'running'};
	const started = performance.now();
	let result: {status: Status; summary?: string; detail?: string[]; value?: T};
	try {
		result = await work();
	} catch (error) {
		result = {status: 'fail', summary: (error as Error).message};
	}

	yield {type: 'step', id, title, status: result.status, summary: result.summary, detail: result.detail, durationMs: performance.now() - started};
	return {status: result.status, value: result.value};
}
