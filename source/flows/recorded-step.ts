import {EventChannel} from './channel.js';
import type {FlowContext, FlowEvent, Status} from './types.js';

export type StepResult<T> = {
	status: Status;
	summary?: string;
	detail?: string[];
	/** Returned to the flow. */
	value?: T;
	/** Kept in the progress store with the step's record. */
	data?: unknown;
};

export type StepEnd<T> = {status: Status | 'interrupted'; value?: T; durationMs: number};

/**
 * A step that is timed on the monotonic clock, streams what its work emits (logs, progress, data),
 * and, when `record` is set, is written to the progress store twice: `running` when it starts (so
 * that a crash leaves a detectable state) and its result when it ends (`interrupted` when the
 * flow's signal fired meanwhile).
 */
export async function* recordedStep<T>(
	context: FlowContext,
	id: string,
	title: string,
	work: (emit: (event: FlowEvent) => void) => Promise<StepResult<T>>,
	options: {record?: boolean} = {},
): AsyncGenerator<FlowEvent, StepEnd<T>, void> {
	const record = options.record ?? true;
	if (record) context.progress.recordStep(id, {status: 'running', summary: `${title}: started`});
	yield {type: 'step', id, title, status: 'running'};
	const started = performance.now();
	const channel = new EventChannel();
	let result: StepResult<T>;
	try {
		result = yield* channel.until(work(channel.push));
	} catch (error) {
		result = {status: 'fail', summary: (error as Error).message};
	}

	const durationMs = performance.now() - started;
	const interrupted = context.signal.aborted && result.status === 'fail';
	const summary = interrupted ? `interrupted${result.summary ? ` (${result.summary})` : ''}` : result.summary;
	if (record) {
		context.progress.recordStep(id, {status: interrupted ? 'interrupted' : result.status, durationMs, summary, data: result.data});
	}

	yield {type: 'step', id, title, status: result.status, summary, detail: result.detail, durationMs};
	return {status: interrupted ? 'interrupted' : result.status, value: result.value, durationMs};
}

/** A step that did not run because an earlier run finished it: shown, not recorded again. */
export function skippedStep(id: string, title: string, reason: string): FlowEvent {
	return {type: 'step', id, title, status: 'skip', summary: reason, durationMs: 0};
}
