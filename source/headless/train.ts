import type {CommandContext} from '../commands/types.js';
import type {TrainEvents, TrainOutput} from '../flows/training/flow.js';
import {showCommand} from '../flows/training/exercise.js';
import type {FlowEvent} from '../flows/types.js';
import type {HeadlessOptions, HeadlessResult} from './headless.js';

/** A finished module in plain lines: how it went, its lesson, the command and its output, how to try it. */
export function moduleLines(result: TrainEvents['train.result']): string[] {
	return [
		`${result.passed ? '✓' : '✗'} ${result.title}`,
		...result.lesson.map(line => `    ${line}`),
		`    $ ${showCommand(result.command)}   (in ${result.container})`,
		...result.output.map(line => `    | ${line}`),
		`    try it: ${result.tryIt}`,
		'',
	];
}

/** Where the engineer stands, after the modules. */
export function trainingLine(output: TrainOutput): string {
	return `${output.engineer}: ${output.modulesDone} of ${output.modulesTotal} modules done${output.completedAt ? ` — training completed ${output.completedAt}` : ''}`;
}

/** The JSON document of `alpinist train --json`. */
export function trainDocument(output: TrainOutput) {
	const {engineer, container, results, completedAt, modulesDone, modulesTotal} = output;
	return {engineer, container, results, completed: Boolean(completedAt), modulesDone, modulesTotal};
}

const errors = (events: Array<FlowEvent<TrainEvents>>) => events.flatMap(event => (event.type === 'message' && event.level === 'error' ? [event.text] : []));

/**
 * `alpinist train` headless: each module's lines as it finishes, then the engineer's count; with
 * --json one document. What stopped the run before any module (no Alpine container) goes to
 * stderr, and in JSON mode into the `{ok: false, exitCode, error}` document.
 */
export function trainRenderer(command: Pick<CommandContext, 'stderr'>): HeadlessOptions<TrainOutput, TrainEvents> & {after: (result: HeadlessResult<TrainOutput, TrainEvents>) => undefined} {
	return {
		lines: event => (event.type === 'data' && event.kind === 'train.result' ? moduleLines(event.data) : []),
		printPlain: outcome => (outcome.data ? [trainingLine(outcome.data)] : []),
		document: (outcome, events) => (outcome.data ? trainDocument(outcome.data) : {ok: false, exitCode: outcome.exitCode ?? 1, error: [...errors(events), outcome.summary].filter(Boolean).join('\n')}),
		after({events}) {
			for (const text of errors(events)) command.stderr.write(`${text}\n`);
			return undefined;
		},
	};
}
