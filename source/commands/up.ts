import {upFlow} from '../flows/lifecycle.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Command} from './types.js';

export const up: Command = {
	name: 'up',
	summary: "Start the chosen variant and wait until healthy (docker_manual.py start)",
	usage: 'alpinist up [--alpine | --no-alpine] [--force-rebuild] [--dry-run] [--json]',
	run(command) {
		return runFlowCommand(
			command,
			upFlow,
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
