import type {Mode} from '../headless/mode.js';
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

export type Command = {
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
	/** The TUI screen that shows this command interactively, when there is one. */
	screen?: string;
	/** Params the screen is opened with, from this command's flags (e.g. a refresh interval). */
	screenParams?: (flags: GlobalFlags) => Record<string, string>;
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
