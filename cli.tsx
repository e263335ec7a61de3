import {readFileSync} from 'node:fs';
import {commandPosition} from './source/commands/argv.js';
import {commandHelp, globalHelp} from './source/commands/help.js';
import {commands, findCommand} from './source/commands/index.js';
import {globalOptions, invalidOption, valueFlags} from './source/commands/options.js';
import {runWithProjectLock} from './source/commands/project-lock.js';
import {parseFlags} from './source/commands/parse-flags.js';
import {type Command, type CommandContext, commandRoute, ExitCode, type GlobalFlags} from './source/commands/types.js';
import {decideMode} from './source/headless/mode.js';
import {commandStreams, failureDocument, type SafeStream} from './source/headless/output.js';
import {enableCompileCache, flushCompileCache} from './source/start/compile-cache.js';
import {quietDependencyWarnings} from './source/start/warnings.js';
import {withoutFetch} from './source/start/without-fetch.js';

// Before any chunk loads: the bundle's chunks then come from V8's code cache after the first start.
enableCompileCache(process.argv.slice(2));
quietDependencyWarnings();

/** The version in package.json (beside dist/ in the bundle, whose entry is main.js; beside cli.tsx in the source). */
function version(): string {
	const file = new URL(import.meta.url.endsWith('/dist/main.js') ? '../package.json' : './package.json', import.meta.url);
	return (JSON.parse(readFileSync(file, 'utf8')) as {version: string}).version;
}

function helpText(): string {
	return globalHelp(commands);
}

async function main(): Promise<number> {
	// Signals are handled from the start, before the command loads: a SIGTERM during start-up ends
	// the run with 130 as SIGINT does, never with the default 143.
	const abort = new AbortController();
	// The first Ctrl+C asks the running flow to stop and clean up; a second one, a moment later,
	// leaves at once. The listener stays registered (not `once`) and ignores the immediate repeat:
	// execa's signal-exit re-raises the signal right after our listener has run.
	let interruptedAt: number | undefined;
	const onSignal = () => {
		if (interruptedAt === undefined) {
			interruptedAt = performance.now();
			abort.abort(new Error('interrupted'));
		} else if (performance.now() - interruptedAt > 500) {
			process.exit(ExitCode.interrupted);
		}
	};

	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	const rest = process.argv.slice(2);
	const at = commandPosition(rest, valueFlags(globalOptions));
	const first = at === -1 ? undefined : rest[at];
	const entry = first ? findCommand(first) : undefined;
	if (first && !entry) {
		process.stderr.write(`alpinist: unknown command "${first}"\n${helpText()}`);
		if (jsonAsked) process.stdout.write(failureDocument(ExitCode.usage, [`alpinist: unknown command "${first}"`]));
		return ExitCode.usage;
	}

	const command: Command | undefined = entry ? await entry.load() : undefined;
	if (abort.signal.aborted) return ExitCode.interrupted;
	const argv = entry ? [...rest.slice(0, at), ...rest.slice(at + 1)] : rest;
	const specs = {...globalOptions, ...command?.flags};
	if (argv.includes('--version') && !argv.slice(0, argv.indexOf('--version')).includes('--')) {
		process.stdout.write(`${version()}\n`);
		return ExitCode.ok;
	}

	const cli = parseFlags(argv, specs);
	if (cli.flags.help) {
		process.stdout.write(command ? commandHelp(command, entry!.summary) : helpText());
		return ExitCode.ok;
	}

	const invalid = invalidOption(specs, cli.flags);
	if (invalid) {
		const message = `alpinist${command ? ` ${command.name}` : ''}: ${invalid}`;
		process.stderr.write(`${message}\n`);
		if (jsonAsked) process.stdout.write(failureDocument(ExitCode.usage, [message]));
		return ExitCode.usage;
	}

	const flags = cli.flags as unknown as GlobalFlags;
	const mode = decideMode({
		json: flags.json || Boolean(flags.ndjson),
		plain: Boolean(cli.flags.plain),
		env: process.env,
		stdoutIsTTY: Boolean(process.stdout.isTTY),
		stdinIsTTY: Boolean(process.stdin.isTTY),
	});

	if (mode === 'interactive' && (!command || (command.screen && !command.headless?.(flags)))) {
		// The store asks the engine first: its answers travel while the screens' code loads.
		// Its details (every container inspected, images, volumes) wait for the first frame.
		const {DockerStore} = await import('./source/docker/store.js');
		let drawn!: () => void;
		const store = new DockerStore({detailsAfter: new Promise<void>(resolve => (drawn = resolve))});
		void store.start();
		const {runInteractive} = await withoutFetch(async () => import('./source/interactive.js'));
		const onFirstFrame = () => {
			drawn();
			// Written now, not only at exit: a TUI that is killed would otherwise never save it.
			setImmediate(flushCompileCache);
		};

		const route = command?.screen ? commandRoute(command, flags, cli.input) : undefined;
		return runInteractive({flags, route, store, signal: abort.signal, onFirstFrame});
	}

	const target = command ?? (await findCommand('status')!.load());
	// Every headless line, document and log goes out through the one sanitising point.
	streams = commandStreams(process.stdout, process.stderr, mode);
	const context: CommandContext = {args: cli.input, flags, mode, stdout: streams.stdout, stderr: streams.stderr, signal: abort.signal};
	const code = await runWithProjectLock(target, context);
	const exitCode = abort.signal.aborted ? ExitCode.interrupted : code;
	// --json promises one document on stdout, always: a command that stopped before writing one
	// (a usage or config error) gets one saying why.
	if (mode === 'json' && streams.stdout.written === 0) streams.stdout.write(failureDocument(exitCode, streams.stderr.tail));
	return exitCode;
}

/** The streams of the running headless command, once made (an error before then writes to the process's own). */
let streams: {stdout: SafeStream; stderr: SafeStream} | undefined;
const jsonAsked = process.argv.slice(2).some(arg => arg === '--json' || arg === '--ndjson');

// A closed pipe (alpinist … | head) ends the output, not the process with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
	throw error;
});

main().then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		const {name, message} = error as Error;
		// Config and usage problems are the user's to fix: say what, not a stack trace.
		const usage = name === 'UsageError' || name === 'ConfigError' || name === 'ProjectNotFoundError' || name === 'EndpointError' || (error as any)?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
		const stderr = streams?.stderr ?? process.stderr;
		stderr.write(`alpinist: ${message}\n`);
		if (!usage && process.env.ALPINIST_DEBUG) stderr.write(`${(error as Error).stack}\n`);
		process.exitCode = usage ? ExitCode.usage : ExitCode.failed;
		if (jsonAsked && (streams?.stdout.written ?? 0) === 0) (streams?.stdout ?? process.stdout).write(failureDocument(process.exitCode, [`alpinist: ${message}`]));
	},
);
