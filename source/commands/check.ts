import {checklist, type ChecklistEvents, type ChecklistInput, type ChecklistOutput} from '../flows/checklist.js';
import {checks} from '../flows/checks/index.js';
import type {Flow} from '../flows/types.js';
import {inStepOrder} from '../headless/step-order.js';
import {withFlowContext} from './flow-command.js';
import {runHeadless} from '../headless/headless.js';
import type {Command} from './types.js';
import {ExitCode} from './types.js';

/** The checklist with its finished checks in the guide's order (checks/index.ts), as the TUI lists them. */
const orderedChecklist: Flow<ChecklistInput | undefined, ChecklistOutput, ChecklistEvents> = (context, input) =>
	inStepOrder(
		checklist(context, input),
		checks.map(definition => `check.${definition.id}`),
	);

export const check: Command = {
	name: 'check',
	flags: {override: {type: 'string', value: 'REASON', description: 'let the migration go on despite the failures found, recording who and why'}},
	examples: [
		{command: 'alpinist check', what: 'the checklist, each check with its measured value; exit 1 when one fails'},
		{command: 'alpinist check --json --project ../platform', what: "another project's checklist as one JSON document, for CI"},
	],
	screen: 'checklist',
	async run(command) {
		const reason = typeof command.flags.override === 'string' ? command.flags.override.trim() : undefined;
		if (command.flags.override !== undefined && !reason) {
			command.stderr.write('alpinist check: --override needs a reason, e.g. --override "port 8002 is freed by the deploy"\n');
			return ExitCode.usage;
		}

		// The checklist reports an unreachable engine itself (its first check, exit 3).
		return withFlowContext(command, {engine: false}, async context => {
			// An unreadable progress store was moved aside: said on stderr (withFlowContext), and in the document.
			const warning = context.progress.warning?.message;
			const {outcome} = await runHeadless(orderedChecklist, context, {override: reason}, command, {
				document(result) {
					const data = result.data!;
					return {
						ok: result.ok,
						exitCode: exitCodeOf(data),
						status: data.status,
						durationMs: Math.round(data.durationMs),
						project: {name: context.project.name, root: context.project.root},
						checks: data.results.map(({durationMs, ...rest}) => ({...rest, durationMs: Math.round(durationMs ?? 0)})),
						override: data.override ?? null,
						progressFile: context.progress.file,
						warnings: warning ? [warning] : [],
					};
				},
			});
			return exitCodeOf(outcome.data!);
		});
	},
};

/** 0 when nothing failed; 3 when the engine does not answer (the project-wide code); 1 otherwise. */
function exitCodeOf(data: ChecklistOutput): number {
	if (data.failed.length === 0) return ExitCode.ok;
	if (data.failed.includes('engine')) return ExitCode.engineUnreachable;
	return ExitCode.failed;
}
