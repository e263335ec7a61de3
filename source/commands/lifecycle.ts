import {cleanFlow, downFlow, restartFlow, upFlow} from '../flows/lifecycle.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Example} from './options.js';
import type {Command} from './types.js';

/** The guide's docker_manual.py start/stop/restart/clean: one shape, four flows, each with its examples. */
const lifecycle = {
	up: {flow: upFlow, examples: [{command: 'alpinist up --alpine', what: 'start the Alpine variant, wait until every container is healthy'}, {command: 'alpinist up --no-alpine --force-rebuild', what: 'rebuild the regular images without cache, then start them'}]},
	down: {flow: downFlow, examples: [{command: 'alpinist down', what: "stop and remove every variant's containers (volumes kept)"}, {command: 'alpinist down --alpine --dry-run', what: "show which of the Alpine stack's containers would go"}]},
	restart: {flow: restartFlow, examples: [{command: 'alpinist restart --alpine', what: 'stop what runs (either variant), start the Alpine one, wait until healthy'}, {command: 'alpinist restart --no-alpine --json', what: 'back to the regular variant, the steps as JSON'}]},
	clean: {flow: cleanFlow, examples: [{command: 'alpinist clean --alpine --dry-run', what: "list the Alpine stack's containers, networks and volumes that would be removed"}, {command: 'alpinist clean --no-alpine --yes', what: 'remove the regular stack with its volumes, without asking'}]},
} satisfies Record<string, {flow: typeof upFlow; examples: Example[]}>;

function lifecycleCommand(name: keyof typeof lifecycle): Command {
	const {flow, examples} = lifecycle[name];
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
