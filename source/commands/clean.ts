import {cleanFlow} from '../flows/lifecycle.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Command} from './types.js';

export const clean: Command = {
	name: 'clean',
	summary: "Remove the chosen variant's containers, networks and volumes (down -v), after confirmation",
	usage: 'alpinist clean [--alpine | --no-alpine] [--yes] [--dry-run] [--json]',
	run(command) {
		return runFlowCommand(
			command,
			cleanFlow,
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
