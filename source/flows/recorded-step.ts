import {EventChannel} from './channel.js';
import type {BaseEvent, FlowContext, FlowEvent, Status, StepEvent} from './types.js';

export type StepResult<T = unknown> = {
	status: Status;
	summary?: string;
	detail?: string[];
	/** Returned to the flow. */
	value?: T;
	/** Kept in the progress store with the step's record. */
	data?: unknown;
};

/** How a step ended: its result, `interrupted` when the signal fired while it failed, and its time. */
export type StepEnd<T> = Omit<StepResult<T>, 'status'> & {status: Status | 'interrupted'; durationMs: number};

/** Where a step's start and end are written (the progress store, the rollback journal). */
export type StepRecorder = {
	started(id: string, title: string): void;
	finished(id: string, end: StepEnd<unknown>): void;
};

/** What a step's work emits while it runs: logs, progress, data events of its flow. */
export type Emit<E = BaseEvent> = (event: E) => void;

/**
 * The one step runner. A step is timed on the monotonic clock, streams what its work emits as
 * it happens, yields its start and its end, and tells its recorder both. A work that throws
 * ends the step `fail` with the error's message; a failure while `signal` has fired is
 * `interrupted` (shown as "interrupted (…)").
 */
export async function* runStep<T, E extends FlowEvent = BaseEvent>(
	id: string,
	title: string,
	work: (emit: Emit<E>) => Promise<StepResult<T>>,
	options: {recorder?: StepRecorder; signal?: AbortSignal} = {},
): AsyncGenerator<NoInfer<E> | StepEvent, StepEnd<T>, void> {
	options.recorder?.started(id, title);
	yield {type: 'step', id, title, status: 'running'};
	const started = performance.now();
	const channel = new EventChannel<E>();
	let result: StepResult<T>;
	try {
		result = yield* channel.until(work(channel.push));
	} catch (error) {
		result = {status: 'fail', summary: (error as Error)?.message ?? String(error)};
	}

	const durationMs = performance.now() - started;
	const interrupted = Boolean(options.signal?.aborted) && result.status === 'fail';
	const summary = interrupted ? `interrupted${result.summary ? ` (${result.summary})` : ''}` : result.summary;
	const end: StepEnd<T> = {...result, status: interrupted ? 'interrupted' : result.status, summary, durationMs};
	options.recorder?.finished(id, end);
	yield {type: 'step', id, title, status: result.status, summary, detail: result.detail, durationMs};
	return end;
}

/** Records a step in the project's progress: `running` when it starts (a crash leaves a detectable state), its result when it ends. */
export function progressRecorder(context: FlowContext): StepRecorder {
	return {
		started: (id, title) => context.progress.recordStep(id, {status: 'running', summary: `${title}: started`}),
		finished: (id, end) => context.progress.recordStep(id, {status: end.status, durationMs: end.durationMs, summary: end.summary, data: end.data}),
	};
}

/** A step of a flow, recorded in the progress store unless `record` is false. */
export function recordedStep<T, E extends FlowEvent = BaseEvent>(
	context: FlowContext,
	id: string,
	title: string,
	work: (emit: Emit<E>) => Promise<StepResult<T>>,
	options: {record?: boolean} = {},
): AsyncGenerator<NoInfer<E> | StepEvent, StepEnd<T>, void> {
	return runStep(id, title, work, {recorder: options.record === false ? undefined : progressRecorder(context), signal: context.signal});
}

/** A step that did not run because an earlier run finished it: shown, not recorded again. */
export function skippedStep(id: string, title: string, reason: string): StepEvent {
	return {type: 'step', id, title, status: 'skip', summary: reason, durationMs: 0};
}
