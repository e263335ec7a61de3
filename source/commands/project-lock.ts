import {discoverProject} from '../project/discover.js';
import {acquireProjectLock, ProjectLockedError, takeOverMessage} from '../project/lock.js';
import {stateDir} from '../project/progress.js';
import {type Command, type CommandContext, ExitCode} from './types.js';

/** Whether this run of the command changes the project (its `mutates` declaration). */
export function mutates(command: Command, context: Pick<CommandContext, 'flags'>): boolean {
	return typeof command.mutates === 'function' ? command.mutates(context.flags) : Boolean(command.mutates);
}

/**
 * Runs a command under its project's lock when it declares that it mutates: a second writer on
 * the same project exits 1 naming the holder (as one JSON document with --json).
 */
export async function runWithProjectLock(command: Command, context: CommandContext): Promise<number> {
	if (!mutates(command, context)) return command.run(context);
	const project = discoverProject({dir: context.flags.project});
	let lock;
	try {
		lock = acquireProjectLock({stateDir: stateDir(context.flags.stateDir as string | undefined), projectRoot: project.root, command: command.name});
	} catch (error) {
		if (!(error instanceof ProjectLockedError)) throw error;
		if (context.mode === 'json') {
			context.stdout.write(`${JSON.stringify({ok: false, exitCode: ExitCode.failed, error: 'project-locked', message: error.message, holder: error.holder, lockFile: error.file}, null, 2)}\n`);
		} else {
			context.stderr.write(`alpinist ${command.name}: ${error.message}\n`);
		}

		return ExitCode.failed;
	}

	try {
		const message = takeOverMessage(lock);
		if (message) context.stderr.write(`warning: ${message}\n`);
		return await command.run(context);
	} finally {
		lock.release();
	}
}
