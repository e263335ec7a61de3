import {howToStartEngine} from '../docker/connection.js';
import type {DockerStore} from '../docker/store.js';
import {ExitCode} from './exit-code.js';
import type {FlowContext, FlowOutcome} from './types.js';

/** Why the engine gave no first answer: an id for JSON documents, what to do, and the error it gave. */
export type EngineProblem = {
	error: 'engine-no-answer' | 'engine-permission-denied' | 'engine-unreachable';
	/** How to start one, or reach it (docker/engine-probe.ts), several lines. */
	message: string;
	detail?: string;
};

/**
 * The one engine check: connects the store (once: a started store answers at once) and says
 * whether the engine answers. A command runs it before its flow (commands/engine.ts prints the
 * problem); a flow runs it through `engineOutcome` (a screen starts flows without the command).
 */
export async function engineProblem(store: DockerStore): Promise<EngineProblem | undefined> {
	await store.start();
	const snapshot = store.getSnapshot();
	if (snapshot.status === 'ready') return undefined;
	const code = snapshot.errorCode;
	return {
		error: code === 'ENGINE_NO_ANSWER' ? 'engine-no-answer' : code === 'EACCES' || code === 'EPERM' ? 'engine-permission-denied' : 'engine-unreachable',
		message: howToStartEngine(store.endpoint, {code, message: snapshot.error}),
		detail: snapshot.error,
	};
}

/** The outcome a flow ends with when the engine does not answer (exit 3); undefined when it answers. */
export async function engineOutcome<T>(context: FlowContext, data?: T): Promise<FlowOutcome<T> | undefined> {
	const problem = await engineProblem(context.store);
	if (!problem) return undefined;
	return {ok: false, exitCode: ExitCode.engineUnreachable, summary: `The Docker engine is unreachable (${problem.detail ?? 'no answer'}).`, ...(data === undefined ? {} : {data})};
}
