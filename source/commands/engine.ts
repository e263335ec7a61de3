import {howToStartEngine} from '../docker/connection.js';
import type {DockerStore} from '../docker/store.js';
import type {CommandContext} from './types.js';
import {ExitCode} from './types.js';

/**
 * Connects the store for a headless command. When no engine answers it prints how to start one
 * (as JSON in json mode) and returns exit code 3; otherwise undefined.
 */
export async function requireEngine(store: DockerStore, command: CommandContext): Promise<number | undefined> {
	await store.start();
	const snapshot = store.getSnapshot();
	if (snapshot.status === 'ready') return undefined;
	const message = howToStartEngine(store.endpoint);
	if (command.mode === 'json') {
		command.stdout.write(`${JSON.stringify({ok: false, error: 'engine-unreachable', message, detail: snapshot.error}, null, 2)}\n`);
	} else {
		command.stderr.write(`error: ${message}\n${snapshot.error ? `(${snapshot.error})\n` : ''}`);
	}

	return ExitCode.engineUnreachable;
}
