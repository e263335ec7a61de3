import type {CommandContext} from '../commands/types.js';
import {drain} from '../flows/drain.js';
import type {DataMap, Flow, FlowContext, FlowEvent, FlowOutcome} from '../flows/types.js';
import {formatEvent} from './plain.js';

export type HeadlessResult<T, M extends DataMap = DataMap> = {outcome: FlowOutcome<T>; events: Array<FlowEvent<M>>; exitCode: number};

export type HeadlessOptions<T, M extends DataMap> = {
	/** The JSON document (default: ok, exitCode, summary, data and the finished steps). */
	document?: (outcome: FlowOutcome<T>, events: Array<FlowEvent<M>>, context: FlowContext) => unknown;
	/** Lines printed after the events in plain mode, before the summary. */
	printPlain?: (outcome: FlowOutcome<T>) => string[];
	/** The plain lines of each event as it arrives (default: plain.ts, a line per finished step, messages). */
	lines?: (event: FlowEvent<M>) => string[];
};

/**
 * Runs a flow without a screen. Plain mode prints lines as events arrive; JSON mode prints one
 * document at the end on stdout (events as NDJSON on stderr with --ndjson). Never prompts.
 */
export async function runHeadless<I, T, M extends DataMap>(
	flow: Flow<I, T, M>,
	flowContext: FlowContext,
	input: I,
	command: Pick<CommandContext, 'mode' | 'stdout' | 'stderr' | 'flags'>,
	options: HeadlessOptions<T, M> = {},
): Promise<HeadlessResult<T, M>> {
	const events: Array<FlowEvent<M>> = [];
	const verbose = Boolean(command.flags.verbose);
	const lines = options.lines ?? ((event: FlowEvent<M>) => formatEvent(event, {verbose}));
	const outcome = await drain(flow(flowContext, input), event => {
		events.push(event);
		if (command.mode === 'json') {
			if (command.flags.ndjson) command.stderr.write(`${JSON.stringify(event)}\n`);
		} else {
			for (const line of lines(event)) command.stdout.write(`${line}\n`);
		}
	});
	const exitCode = outcome.exitCode ?? (outcome.ok ? 0 : 1);
	if (command.mode === 'json') {
		const document = options.document
			? options.document(outcome, events, flowContext)
			: {ok: outcome.ok, exitCode, summary: outcome.summary, data: outcome.data, steps: events.filter(event => event.type === 'step' && event.status !== 'running')};
		command.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
	} else {
		for (const line of options.printPlain?.(outcome) ?? []) command.stdout.write(`${line}\n`);
		if (outcome.summary) command.stdout.write(`${outcome.summary}\n`);
	}

	return {outcome, events, exitCode};
}
