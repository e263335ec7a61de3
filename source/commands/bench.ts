import {finishedSteps, runFlowCommand} from './flow-command.js';
import {benchFlow, defaultBudget, defaultMax} from '../flows/bench/run.js';
import type {BenchInput, BenchResult} from '../flows/bench/types.js';
import {parseSize} from '../project/config.js';
import {appendStepSummary, benchMarkdown} from '../headless/bench-markdown.js';
import {benchPlain} from '../headless/bench-plain.js';
import {type Command, type GlobalFlags, ExitCode} from './types.js';

/** Reads the bench flags (shared by the headless run and the screen's params). */
export function benchInput(flags: Record<string, unknown>): BenchInput {
	const runs = Number(flags.runs ?? 3);
	if (!Number.isInteger(runs) || runs < 0) throw Object.assign(new Error(`--runs ${String(flags.runs)}: a whole number of rounds (0 only with --capacity)`), {name: 'ConfigError'});
	const max = Number(flags.max ?? defaultMax);
	if (!Number.isInteger(max) || max < 1) throw Object.assign(new Error(`--max ${String(flags.max)}: a whole number of copies, at least 1`), {name: 'ConfigError'});
	let budget = defaultBudget;
	if (flags.budget !== undefined && flags.budget !== '') {
		try {
			budget = parseSize(String(flags.budget));
		} catch (error) {
			throw Object.assign(new Error(`--budget: ${(error as Error).message}`), {name: 'ConfigError'});
		}
	}

	return {runs, buildTime: Boolean(flags.buildTime), capacity: Boolean(flags.capacity), budget, max};
}

export const bench: Command<'bench'> = {
	name: 'bench',
	flags: {
		runs: {type: 'number', value: 'N', default: 3, description: 'rounds, each regular then Alpine (A B A B …), stacks removed between; 0 only with --capacity'},
		buildTime: {type: 'boolean', default: false, description: 'also time `compose build --no-cache` in every round'},
		capacity: {type: 'boolean', default: false, description: 'also measure parallel capacity: copies of the test stack side by side'},
		budget: {type: 'string', value: 'SIZE', defaultText: '4GB', description: 'the memory budget for --capacity'},
		max: {type: 'number', value: 'N', default: defaultMax, description: 'most copies per variant for --capacity'},
		markdown: {type: 'boolean', default: false, description: 'print a Markdown table (CI job summary); appended to $GITHUB_STEP_SUMMARY when set'},
		strict: {type: 'boolean', default: false, description: 'exit 1 when a measured target is missed or a regression is flagged'},
	},
	examples: [
		{command: 'alpinist bench --runs 5', what: 'five rounds of each variant: startup, memory, image sizes and footprint, medians with min–max'},
		{command: 'alpinist bench --runs 0 --capacity --budget 8GB', what: 'how many copies of each test stack fit in 8 GB side by side'},
	],
	screen: 'bench',
	mutates: true,
	headless: (flags: GlobalFlags) => Boolean(flags.markdown),
	screenParams: (flags: GlobalFlags) => ({autostart: true, ...benchInput(flags)}),
	async run(command) {
		const {flags} = command;
		const input = benchInput(flags);
		const markdown = Boolean(flags.markdown);
		// --strict: a missed target or a regression fails the command (a CI gate).
		const strictFailure = (result?: BenchResult) => {
			if (!flags.strict || !result) return undefined;
			const missed = result.targets.filter(target => target.pass === false).length;
			return missed > 0 || result.regressions.length > 0 ? `--strict: ${missed} target(s) missed, ${result.regressions.length} regression(s).` : undefined;
		};

		return runFlowCommand(command, benchFlow, input, {
			confirm: async () => flags.yes,
			engine: !flags.dryRun,
			// With --markdown, stdout carries only the Markdown: progress lines go to stderr.
			output: markdown && command.mode !== 'json' ? {...command, stdout: command.stderr} : command,
			printPlain: result => (result.data && !markdown ? benchPlain(result.data) : []),
			document: (result, events) => ({
				ok: result.ok && !strictFailure(result.data),
				exitCode: result.exitCode ?? (result.ok ? (strictFailure(result.data) ? ExitCode.failed : 0) : 1),
				strict: strictFailure(result.data),
				summary: result.summary,
				result: result.data ?? null,
				markdown: result.data && markdown ? benchMarkdown(result.data) : undefined,
				steps: finishedSteps(events),
			}),
			after({outcome, exitCode}) {
				const result = outcome.data;
				if (result && markdown) {
					const text = benchMarkdown(result);
					if (command.mode !== 'json') command.stdout.write(text);
					const file = appendStepSummary(text);
					if (file) command.stderr.write(`Appended the table to the job summary (${file}).\n`);
				}

				const strict = exitCode === 0 ? strictFailure(result) : undefined;
				if (!strict) return exitCode;
				command.stderr.write(`${strict}\n`);
				return ExitCode.failed;
			},
		});
	},
};
