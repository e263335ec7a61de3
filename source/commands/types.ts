import type {Mode} from '../headless/mode.js';
import type {Route, RouteParams, ScreenId} from '../screens/types.js';
import type {Example, OptionSpecs} from './options.js';

/** Exit codes live with the flows (their outcomes name them); commands re-export them. */
export {ExitCode, type ExitCodeValue} from '../flows/exit-code.js';

/** Flags every command receives, parsed once by cli.tsx (commands/parse-flags.ts). */
export type GlobalFlags = {
	json: boolean;
	yes: boolean;
	dryRun: boolean;
	project?: string;
	alpine?: boolean;
	forceRebuild: boolean;
	[extra: string]: unknown;
};

export type CommandContext = {
	/** Positional arguments after the command name. */
	args: string[];
	flags: GlobalFlags;
	mode: Mode;
	/** Writers: stdout carries results (JSON only in json mode), stderr carries logs. */
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	signal: AbortSignal;
};

/**
 * The TUI screen that shows a command interactively, and the params it is opened with, derived
 * from the command's flags and arguments: typed by the screen (RouteParams).
 */
export type ScreenBinding<Id extends ScreenId = ScreenId> = {
	[K in Id]: {
		screen: K;
		/** `args`: the command's positional arguments. */
		screenParams?: (flags: GlobalFlags, args?: string[]) => RouteParams[K];
	};
}[Id];

/** A command without a screen: it runs headless even in a terminal. */
type NoScreen = {screen?: undefined; screenParams?: undefined};

/** A command; `Command<'top'>` is one that opens the Top screen (its screenParams typed as that screen's). */
export type Command<Id extends ScreenId = ScreenId> = CommandBase & (ScreenBinding<Id> | NoScreen);

type CommandBase = {
	name: string;
	/** Synopsis lines for `alpinist <name> --help`, when `alpinist NAME [ARGUMENTS] [options]` does not say it. */
	usage?: string;
	/** The positional arguments, as the synopsis shows them (e.g. `<Dockerfile>`). */
	arguments?: string;
	/**
	 * The options this command reads besides the global ones, declared once (options.ts): they are
	 * parsed, validated (choices, ranges) and listed by `alpinist <name> --help` from here.
	 */
	flags?: OptionSpecs;
	/** Two (or more) examples for `--help`, as `docker <command> --help` gives them. */
	examples?: Example[];
	/** True when these flags ask for headless output even in a terminal (e.g. `top --once`). */
	headless?: (flags: GlobalFlags) => boolean;
	/**
	 * True when the command changes the project's stacks or progress (migrate, rollback, up…):
	 * the runner then holds the project's lock for the whole run (project/lock.ts), and a second
	 * such command on the same project exits 1. A function decides from the flags.
	 */
	mutates?: boolean | ((flags: GlobalFlags) => boolean);
	/** Headless run: prints lines or JSON and resolves to the exit code. */
	run(context: CommandContext): Promise<number>;
};

/** A line of the command table (commands/index.ts): the command's name, its summary, its loader. */
export type CommandEntry = Pick<Command, 'name'> & {
	/** One line for `alpinist --help` and the command's own help. */
	summary: string;
	load: () => Promise<Command>;
};

/** The route that opens a command's screen, with its params from the flags and arguments. */
export function commandRoute<Id extends ScreenId>(binding: ScreenBinding<Id>, flags: GlobalFlags, args: string[]): Route<Id> {
	return {id: binding.screen, params: binding.screenParams?.(flags, args)};
}
