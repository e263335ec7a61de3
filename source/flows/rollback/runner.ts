import type {ProgressStore} from '../../project/progress.js';
import type {FlowEvent} from '../types.js';
import {type RollbackRun, stepFinished, stepStarted} from './journal.js';
import type {StepResult} from './verify.js';

export type Emit = (event: FlowEvent) => void;

/**
 * Runs one step, yielding its start, whatever it emits while it works (logs, progress) as it
 * happens, and its end with the time it took on the monotonic clock.
 */
export async function* liveStep<T>(id: string, title: string, work: (emit: Emit) => Promise<StepResult<T>>): AsyncGenerator<FlowEvent, StepResult<T> & {durationMs: number}, void> {
	yield {type: 'step', id, title, status: 'running'};
	const started = performance.now();
	const queue: FlowEvent[] = [];
	let wake: (() => void) | undefined;
	const emit: Emit = event => {
		queue.push(event);
		wake?.();
	};

	let result: StepResult<T> | undefined;
	const done = work(emit).then(
		value => {
			result = value;
		},
		(error: unknown) => {
			result = {status: 'fail', summary: (error as Error)?.message ?? String(error)};
		},
	);
	let finished = false;
	void done.finally(() => {
		finished = true;
		wake?.();
	});
	while (!finished || queue.length > 0) {
		if (queue.length === 0) {
			await new Promise<void>(resolve => {
				wake = resolve;
				if (finished || queue.length > 0) resolve();
			});
			wake = undefined;
			continue;
		}

		yield queue.shift()!;
	}

	await done;
	const durationMs = performance.now() - started;
	yield {type: 'step', id, title, status: result!.status, summary: result!.summary, detail: result!.detail, durationMs};
	return {...result!, durationMs};
}

/** A step whose start and end are written to the progress store, and which a resumed run skips once done. */
export class Journal {
	constructor(
		private readonly progress: ProgressStore,
		public run: RollbackRun,
		private readonly resumed: boolean,
	) {}

	async *step<T>(id: string, title: string, work: (emit: Emit) => Promise<StepResult<T>>, options: {always?: boolean} = {}): AsyncGenerator<FlowEvent, (StepResult<T> & {durationMs: number}) | undefined, void> {
		if (!options.always && this.resumed && this.run.done.includes(id)) {
			yield {type: 'step', id, title, status: 'skip', summary: 'done before the interruption', durationMs: 0};
			return undefined;
		}

		this.run = stepStarted(this.progress, this.run, id);
		const result = yield* liveStep(id, title, work);
		this.run = stepFinished(this.progress, this.run, id, {status: result.status, summary: result.summary, durationMs: result.durationMs});
		return result;
	}
}
