import type {ProgressStore} from '../../project/progress.js';
import {type Emit, runStep, type StepEnd, type StepResult} from '../recorded-step.js';
import type {BaseEvent, StepEvent} from '../types.js';
import {type RollbackRun, stepFinished, stepStarted} from './journal.js';

export type {Emit} from '../recorded-step.js';

/** A step whose start and end are written to the rollback's journal, and which a resumed run skips once done. */
export class Journal {
	constructor(
		private readonly progress: ProgressStore,
		public run: RollbackRun,
		private readonly resumed: boolean,
	) {}

	async *step<T>(id: string, title: string, work: (emit: Emit) => Promise<StepResult<T>>, options: {always?: boolean} = {}): AsyncGenerator<BaseEvent | StepEvent, StepEnd<T> | undefined, void> {
		if (!options.always && this.resumed && this.run.done.includes(id)) {
			yield {type: 'step', id, title, status: 'skip', summary: 'done before the interruption', durationMs: 0};
			return undefined;
		}

		return yield* runStep(id, title, work, {
			recorder: {
				started: () => {
					this.run = stepStarted(this.progress, this.run, id);
				},
				finished: (_id, end) => {
					this.run = stepFinished(this.progress, this.run, id, {status: end.status, summary: end.summary, durationMs: end.durationMs});
				},
			},
		});
	}
}
