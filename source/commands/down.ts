import {downFlow} from '../flows/lifecycle.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Command} from './types.js';

export const down: Command = {
	name: 'down',
	summary: "Stop and remove the containers of the chosen variant, or of every variant (volumes kept)",
	usage: 'alpinist down [--alpine | --no-alpine] [--dry-run] [--json]',
	run(command) {
		return runFlowCommand(
			command,
			downFlow,
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
