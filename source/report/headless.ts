import type {CommandContext} from '../commands/types.js';
import type {Flow, FlowContext, FlowEvent, FlowOutcome} from '../flows/types.js';
import {formatEvent} from './plain.js';

export type HeadlessResult<T> = {outcome: FlowOutcome<T>; events: FlowEvent[]; exitCode: number};

/**
 * Runs a flow without a screen. Plain mode prints lines as events arrive; JSON mode prints one
 * document at the end on stdout (events as NDJSON on stderr with --ndjson). Never prompts.
 */
export async function runHeadless<I, T>(
	flow: Flow<I, T>,
	flowContext: FlowContext,
	input: I,
	command: Pick<CommandContext, 'mode' | 'stdout' | 'stderr' | 'flags'>,
	options: {document?: (outcome: FlowOutcome<T>, events: FlowEvent[]) => unknown; printPlain?: (outcome: FlowOutcome<T>) => string[]} = {},
): Promise<HeadlessResult<T>> {
	const events: FlowEvent[] = [];
	const verbose = Boolean(command.flags.verbose);
	const generator = flow(flowContext, input);
	let next = await generator.next();
	while (!next.done) {
		const event = next.value;
		events.push(event);
		if (command.mode === 'json') {
			if (command.flags.ndjson) command.stderr.write(`${JSON.stringify(event)}\n`);
		} else {
			for (const line of formatEvent(event, {verbose})) command.stdout.write(`${line}\n`);
		}

		next = await generator.next();
	}

	const outcome = next.value;
	const exitCode = outcome.exitCode ?? (outcome.ok ? 0 : 1);
	if (command.mode === 'json') {
		const document = options.document
			? options.document(outcome, events)
			: {ok: outcome.ok, exitCode, summary: outcome.summary, data: outcome.data, steps: events.filter(event => event.type === 'step' && event.status !== 'running')};
		command.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
	} else {
		for (const line of options.printPlain?.(outcome) ?? []) command.stdout.write(`${line}\n`);
		if (outcome.summary) command.stdout.write(`${outcome.summary}\n`);
	}

	return {outcome, events, exitCode};
}
