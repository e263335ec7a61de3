import {howToStartEngine} from '../docker/connection.js';
import type {DockerStore} from '../docker/store.js';
import type {CommandContext} from './types.js';
import {ExitCode} from './types.js';

/**
 * Connects the store for a headless command. When no engine answers it prints how to start one
 * (as JSON in json mode) and returns exit code 3; otherwise undefined.
 */
export async function requireEngine(store: DockerStore, command: CommandContext): Promise<number | undefined> {
	// SIGINT/SIGTERM while the engine is silent: the first requests are abandoned, and the command ends (130).
	const stop = () => store.stop();
	command.signal.addEventListener('abort', stop, {once: true});
	try {
		await store.start();
	} finally {
		command.signal.removeEventListener('abort', stop);
	}

	if (command.signal.aborted) return ExitCode.interrupted;
	const snapshot = store.getSnapshot();
	if (snapshot.status === 'ready') return undefined;
	const message = howToStartEngine(store.endpoint, {code: snapshot.errorCode, message: snapshot.error});
	if (command.mode === 'json') {
		const error = snapshot.errorCode === 'ENGINE_NO_ANSWER' ? 'engine-no-answer' : snapshot.errorCode === 'EACCES' || snapshot.errorCode === 'EPERM' ? 'engine-permission-denied' : 'engine-unreachable';
		command.stdout.write(`${JSON.stringify({ok: false, error, message, detail: snapshot.error}, null, 2)}\n`);
	} else {
		command.stderr.write(`error: ${message}\n${snapshot.error ? `(${snapshot.error})\n` : ''}`);
	}

	return ExitCode.engineUnreachable;
}
