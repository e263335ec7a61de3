import {createInterface} from 'node:readline/promises';
import {type ContextOptions, createContext} from '../flows/context.js';
import type {Confirmation, DataMap, Flow, FlowContext, FlowEvent, StepEvent} from '../flows/types.js';
import {type HeadlessOptions, type HeadlessResult, runHeadless} from '../headless/headless.js';
import {requireEngine} from './engine.js';
import type {CommandContext} from './types.js';

/** The flow context of a command: the project, state dir, signal and dry run from its flags. */
export function commandContext(command: CommandContext, options: ContextOptions = {}): FlowContext {
	return createContext({
		projectDir: command.flags.project,
		stateDir: command.flags.stateDir as string | undefined,
		signal: command.signal,
		dryRun: Boolean(command.flags.dryRun),
		...options,
	});
}

/**
 * How a headless command answers a confirmation: --yes answers yes; in a terminal (a command
 * without a screen) it asks on stderr; otherwise (CI, --json) it answers no and says why.
 */
export function headlessConfirm(command: CommandContext): (question: Confirmation) => Promise<boolean> {
	return async question => {
		if (command.flags.yes) return true;
		const list = [question.title, ...question.items.map(item => `  • ${item}`)].join('\n');
		const stdin = process.stdin;
		if (command.mode === 'interactive' && stdin.isTTY) {
			const prompt = createInterface({input: stdin, output: command.stderr as NodeJS.WritableStream});
			try {
				const answer = await prompt.question(`${list}\n${question.destructive ? 'Type y' : 'y'} to ${question.action}, anything else cancels: `, {signal: command.signal});
				return answer.trim().toLowerCase() === 'y';
			} catch {
				return false;
			} finally {
				prompt.close();
			}
		}

		command.stderr.write(`${list}\nNot confirmed: pass --yes to ${question.action} without a prompt.\n`);
		return false;
	};
}

export type FlowCommandOptions = {
	/** How confirmations are answered (default: headlessConfirm). */
	confirm?: FlowContext['confirm'];
	/** Check the engine first (default true): exit 3 with a clear message when it does not answer. */
	engine?: boolean;
};

/**
 * The frame of every command that works on a project: its flow context from the flags, the
 * engine check (commands/engine.ts), the progress store's warning on stderr (an unreadable file
 * was moved aside), and the store stopped at the end whatever happens.
 */
export async function withFlowContext(command: CommandContext, options: FlowCommandOptions, body: (context: FlowContext) => Promise<number>): Promise<number> {
	const context = commandContext(command, {confirm: options.confirm ?? headlessConfirm(command)});
	try {
		if (options.engine !== false) {
			const unreachable = await requireEngine(context.store, command);
			if (unreachable !== undefined) return unreachable;
		}

		if (context.progress.warning) command.stderr.write(`warning: ${context.progress.warning.message}\n`);
		return await body(context);
	} finally {
		context.store.stop();
	}
}

/** Runs a flow as a headless command (in withFlowContext's frame): lines or one JSON document, the exit code. */
export async function runFlowCommand<I, T, M extends DataMap>(
	command: CommandContext,
	flow: Flow<I, T, M>,
	input: I,
	options: HeadlessOptions<T, M> &
		FlowCommandOptions & {
			/** Where the run's lines and document go (default: the command's streams). */
			output?: Pick<CommandContext, 'mode' | 'stdout' | 'stderr' | 'flags'>;
			/** After the run: what else the command prints, and its exit code when it decides another. */
			after?: (result: HeadlessResult<T, M>, context: FlowContext) => number | undefined | Promise<number | undefined>;
		} = {},
): Promise<number> {
	return withFlowContext(command, options, async context => {
		const result = await runHeadless(flow, context, input, options.output ?? command, options);
		return (await options.after?.(result, context)) ?? result.exitCode;
	});
}

/** The step results of a run, for JSON documents (the running events left out). */
export function finishedSteps(events: FlowEvent[]): StepEvent[] {
	return events.filter((event): event is StepEvent => event.type === 'step' && event.status !== 'running');
}
