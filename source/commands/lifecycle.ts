import {cleanFlow, downFlow, restartFlow, upFlow} from '../flows/lifecycle.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Example} from './options.js';
import type {Command} from './types.js';

/** The guide's docker_manual.py start/stop/restart/clean: one shape, four flows; each with its two examples (a command, what it does). */
const lifecycle = {
	up: [upFlow, 'alpinist up --alpine', 'start the Alpine variant, wait until every container is healthy', 'alpinist up --no-alpine --force-rebuild', 'rebuild the regular images without cache, then start them'],
	down: [downFlow, 'alpinist down', "stop and remove every variant's containers (volumes kept)", 'alpinist down --alpine --dry-run', "show which of the Alpine stack's containers would go"],
	restart: [restartFlow, 'alpinist restart --alpine', 'stop what runs (either variant), start the Alpine one, wait until healthy', 'alpinist restart --no-alpine --json', 'back to the regular variant, the steps as JSON'],
	clean: [cleanFlow, 'alpinist clean --alpine --dry-run', "list the Alpine stack's containers, networks and volumes that would be removed", 'alpinist clean --no-alpine --yes', 'remove the regular stack with its volumes, without asking'],
} satisfies Record<string, [typeof upFlow, string, string, string, string]>;

function lifecycleCommand(name: keyof typeof lifecycle): Command {
	const [flow, ...said] = lifecycle[name];
	const examples: Example[] = [{command: said[0], what: said[1]}, {command: said[2], what: said[3]}];
	return {
		name,
		examples,
		mutates: true,
		run(command) {
			return runFlowCommand(
				command,
				flow,
				{alpine: command.flags.alpine, env: process.env, forceRebuild: command.flags.forceRebuild},
				{
					document: (outcome, events) => ({
						ok: outcome.ok,
						exitCode: outcome.exitCode ?? (outcome.ok ? 0 : 1),
						summary: outcome.summary,
						...outcome.data,
						steps: finishedSteps(events),
					}),
				},
			);
		},
	};
}

export const up = lifecycleCommand('up');
export const down = lifecycleCommand('down');
export const restart = lifecycleCommand('restart');
export const clean = lifecycleCommand('clean');
