import {readFileSync} from 'node:fs';
import {commandPosition, flagSpelling} from './source/commands/argv.js';
import {commands, findCommand} from './source/commands/index.js';
import {runWithProjectLock} from './source/commands/project-lock.js';
import {type FlagSpec, parseFlags} from './source/commands/parse-flags.js';
import {type Command, type CommandContext, ExitCode, type GlobalFlags} from './source/commands/types.js';
import {decideMode} from './source/report/mode.js';
import {enableCompileCache, flushCompileCache} from './source/start/compile-cache.js';
import {quietDependencyWarnings} from './source/start/warnings.js';
import {withoutFetch} from './source/start/without-fetch.js';

// Before any chunk loads: the bundle's chunks then come from V8's code cache after the first start.
enableCompileCache(process.argv.slice(2));
quietDependencyWarnings();

const globalFlags = {
	json: {type: 'boolean', default: false},
	ndjson: {type: 'boolean', default: false},
	plain: {type: 'boolean', default: false},
	yes: {type: 'boolean', shortFlag: 'y', default: false},
	dryRun: {type: 'boolean', default: false},
	project: {type: 'string'},
	stateDir: {type: 'string'},
	alpine: {type: 'boolean'},
	forceRebuild: {type: 'boolean', default: false},
	verbose: {type: 'boolean', shortFlag: 'v', default: false},
	help: {type: 'boolean', shortFlag: 'h', default: false},
} satisfies Record<string, FlagSpec>;

/** The version in package.json (beside dist/ in the bundle, beside cli.tsx in the source). */
function version(): string {
	const file = new URL(import.meta.url.endsWith('/dist/cli.js') ? '../package.json' : './package.json', import.meta.url);
	return (JSON.parse(readFileSync(file, 'utf8')) as {version: string}).version;
}

function helpText(): string {
	const width = Math.max(...commands.map(command => command.name.length)) + 2;
	return `
  Move a Docker Compose platform from Debian/glibc images to Alpine/musl images, safely and measurably.

  Usage
    $ alpinist                 the interactive wizard (on the bundled sample stack by default)
    $ alpinist <command> [options]

  Commands
${commands.map(command => `    ${command.name.padEnd(width)}${command.summary}`).join('\n')}

  Options
    --project DIR     the project (default: this directory if it has one, else the bundled sample stack)
    --json            one JSON document on stdout (logs go to stderr)
    --plain           plain lines even in a terminal (the default in CI and without a TTY)
    --yes, -y         answer yes to confirmations (headless never prompts)
    --dry-run         show what would change, change nothing
    --alpine / --no-alpine   choose the variant (also USE_ALPINE=true|false)
    --force-rebuild   build images without cache
    --state-dir DIR   where progress is kept (default: ~/.config/alpinist)
    --verbose, -v     more lines (build output, logs)
    --version         print the version

  Exit codes
    0 ok · 1 a check or gate failed · 2 usage or config error · 3 Docker engine unreachable · 130 interrupted

  Run \`alpinist <command> --help\` for a command's options.
`;
}

async function main(): Promise<number> {
	const rest = process.argv.slice(2);
	const valueFlags = Object.entries(globalFlags)
		.filter(([, flag]) => flag.type === 'string')
		.map(([name]) => flagSpelling(name));
	const at = commandPosition(rest, valueFlags);
	const first = at === -1 ? undefined : rest[at];
	const entry = first ? findCommand(first) : undefined;
	if (first && !entry) {
		process.stderr.write(`alpinist: unknown command "${first}"\n${helpText()}`);
		return ExitCode.usage;
	}

	const command: Command | undefined = entry ? await entry.load() : undefined;
	const argv = entry ? [...rest.slice(0, at), ...rest.slice(at + 1)] : rest;
	const specs: Record<string, FlagSpec> = {...globalFlags, ...command?.flags};
	if (argv.includes('--version') && !argv.slice(0, argv.indexOf('--version')).includes('--')) {
		process.stdout.write(`${version()}\n`);
		return ExitCode.ok;
	}

	const cli = parseFlags(argv, specs);
	if (cli.flags.help) {
		process.stdout.write(command ? `\n  ${command.summary}\n\n  Usage\n    $ ${command.usage ?? `alpinist ${command.name}`}\n${helpText()}` : `${helpText()}\n`);
		return ExitCode.ok;
	}

	const flags = cli.flags as unknown as GlobalFlags;
	const mode = decideMode({
		json: flags.json || Boolean(flags.ndjson),
		plain: Boolean(cli.flags.plain),
		env: process.env,
		stdoutIsTTY: Boolean(process.stdout.isTTY),
		stdinIsTTY: Boolean(process.stdin.isTTY),
	});
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

		return runInteractive({flags, screen: command?.screen, args: cli.input, params: command?.screenParams?.(flags), store, signal: abort.signal, onFirstFrame});
	}

	const target = command ?? (await findCommand('status')!.load());
	const context: CommandContext = {args: cli.input, flags, mode, stdout: process.stdout, stderr: process.stderr, signal: abort.signal};
	const code = await runWithProjectLock(target, context);
	return abort.signal.aborted ? ExitCode.interrupted : code;
}

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
		process.stderr.write(`alpinist: ${message}\n`);
		if (!usage && process.env.ALPINIST_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
		process.exitCode = usage ? ExitCode.usage : ExitCode.failed;
	},
);
