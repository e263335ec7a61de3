import type {DockerStore} from '../docker/store.js';
import {type EngineProblem, engineProblem} from '../flows/engine.js';
import type {CommandContext} from './types.js';
import {ExitCode} from './types.js';

/**
 * The engine check of a headless command (flows/engine.ts, the one check), said to a person: when
 * no engine answers it prints how to start one (as JSON in json mode) and returns exit code 3;
 * otherwise undefined.
 */
export async function requireEngine(store: DockerStore, command: CommandContext): Promise<number | undefined> {
	// SIGINT/SIGTERM while the engine is silent: the first requests are abandoned, and the command ends (130).
	const stop = () => store.stop();
	command.signal.addEventListener('abort', stop, {once: true});
	let problem: EngineProblem | undefined;
	try {
		problem = await engineProblem(store);
	} finally {
		command.signal.removeEventListener('abort', stop);
	}

	if (command.signal.aborted) return ExitCode.interrupted;
	if (!problem) return undefined;
	if (command.mode === 'json') {
		command.stdout.write(`${JSON.stringify({ok: false, error: problem.error, message: problem.message, detail: problem.detail}, null, 2)}\n`);
	} else {
		command.stderr.write(`error: ${problem.message}\n${problem.detail ? `(${problem.detail})\n` : ''}`);
	}

	return ExitCode.engineUnreachable;
}
