import {appendStepSummary} from '../headless/output.js';
import {runFlowCommand, withFlowContext} from './flow-command.js';
import {drain} from '../flows/drain.js';
import {markdownDashboard, plainDashboard, evaluationLine} from '../headless/dashboard.js';
import {reportFlow, watchThresholds} from '../flows/report/report.js';
import type {Transition} from '../flows/report/thresholds.js';
import {formatMetricValue} from '../headless/dashboard.js';
import {type Command, ExitCode} from './types.js';

function transitionLine(change: Transition & {at: string}): string {
	const {evaluation} = change;
	const subject = evaluation.subject ? ` (${evaluation.subject})` : '';
	const value = formatMetricValue(evaluation);
	if (change.kind === 'clear') return `${change.at} CLEARED  ${evaluation.metric}${subject}: ${value}, below warning ${formatMetricValue({...evaluation, value: evaluation.warning})}`;
	const limit = change.to === 'critical' ? evaluation.critical : evaluation.warning;
	const word = change.kind === 'alert' ? 'ALERT   ' : 'EASED   ';
	return `${change.at} ${word} ${evaluation.metric}${subject} ${change.to}: ${value} ≥ ${formatMetricValue({...evaluation, value: limit})}`;
}

export const report: Command = {
	name: 'report',
	screen: 'report',
	flags: {
		markdown: {type: 'boolean', default: false, description: 'the dashboard as a Markdown table (appended to $GITHUB_STEP_SUMMARY when set)'},
		failOn: {type: 'string', value: 'LEVEL', default: 'critical', choices: ['warning', 'critical'], description: 'exit 1 when a metric reaches this level'},
		smoke: {type: 'boolean', negatable: true, description: 'skip the smoke test (its response time is a metric); while watching it is off unless --smoke'},
		watch: {type: 'boolean', default: false, description: 'measure again and again, print a line when a metric crosses a threshold (exit 1 if one went critical)'},
		interval: {type: 'number', value: 'SECONDS', default: 10, description: 'with --watch: time between measurements'},
		count: {type: 'number', value: 'N', defaultText: 'until ctrl+c', description: 'with --watch: stop after N measurements'},
	},
	examples: [
		{command: 'alpinist report --markdown --fail-on warning', what: 'in CI: the dashboard in the job summary, the step failing at the first warning'},
		{command: 'alpinist report --watch --interval 30', what: 'watch the running stack, a line per alert and per all-clear'},
	],
	async run(command) {
		const {flags} = command;
		const failOn = flags.failOn === 'warning' ? 'warning' : flags.failOn === 'critical' ? 'critical' : undefined;
		if (!failOn) {
			command.stderr.write(`alpinist report: --fail-on takes "warning" or "critical", not "${String(flags.failOn)}"\n`);
			return ExitCode.usage;
		}

		const interval = Number(flags.interval);
		if (!(interval > 0)) {
			command.stderr.write('alpinist report: --interval takes a number of seconds above 0\n');
			return ExitCode.usage;
		}

		if (flags.watch) {
			return withFlowContext(command, {}, async context => {
				const smoke = flags.smoke === true;
				command.stderr.write(`Watching ${context.project.name} every ${interval} s (thresholds from ${context.project.configFile ?? 'the guide\'s defaults'}); ctrl+c stops.\n`);
				let critical = false;
				const rounds = watchThresholds(context, {intervalMs: interval * 1000, smoke, count: flags.count as number | undefined});
				await drain(rounds, event => {
					if (event.type !== 'data') return;
					if (event.kind === 'transition') {
						const change = event.data;
						if (change.to === 'critical') critical = true;
						command.stdout.write(command.mode === 'json' ? `${JSON.stringify(change)}\n` : `${transitionLine(change)}\n`);
					} else if (event.kind === 'dashboard' && flags.verbose && command.mode !== 'json') {
						for (const evaluation of event.data.evaluations) command.stderr.write(`  ${evaluationLine(evaluation)}\n`);
					}
				});
				return command.signal.aborted ? ExitCode.interrupted : critical ? ExitCode.failed : ExitCode.ok;
			});
		}

		const smoke = flags.smoke !== false;
		const markdown = Boolean(flags.markdown);
		return runFlowCommand(command, reportFlow, {smoke, failOn}, {
			// With --markdown, stdout carries only the Markdown: progress lines go to stderr.
			output: {...command, mode: markdown ? 'plain' : command.mode, stdout: markdown ? command.stderr : command.stdout},
			document: outcome => ({ok: outcome.ok, exitCode: outcome.exitCode, failOn, ...outcome.data}),
			printPlain: outcome => (markdown || !outcome.data ? [] : plainDashboard(outcome.data)),
			after({outcome}) {
				if (!markdown || !outcome.data) return undefined;
				const text = markdownDashboard(outcome.data);
				command.stdout.write(text);
				appendStepSummary(text);
				return undefined;
			},
		});
	},
};
