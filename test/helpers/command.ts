import {PassThrough} from 'node:stream';
import type {Command, CommandContext} from '../../source/commands/types.js';
import {commandStreams} from '../../source/headless/output.js';

/** Runs a command's headless `run` in-process, as cli.tsx would, and collects what it prints. */
export async function runCommand(
	command: Pick<Command, 'run'>,
	options: {flags: Record<string, unknown>; args?: string[]; mode?: CommandContext['mode']},
): Promise<{code: number; stdout: string; stderr: string}> {
	const mode = options.mode ?? 'plain';
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', chunk => (out += chunk));
	stderr.on('data', chunk => (err += chunk));
	// Through the same sanitising streams as cli.tsx.
	const streams = commandStreams(stdout, stderr, mode);
	const code = await command.run({
		args: options.args ?? [],
		flags: {json: mode === 'json', yes: false, dryRun: false, forceRebuild: false, ...options.flags},
		mode,
		stdout: streams.stdout,
		stderr: streams.stderr,
		signal: new AbortController().signal,
	});
	return {code, stdout: out, stderr: err};
}
