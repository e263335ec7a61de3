import {restartFlow} from '../flows/lifecycle.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Command} from './types.js';

export const restart: Command = {
	name: 'restart',
	summary: "Stop what of the project runs, then start the chosen variant",
	usage: 'alpinist restart [--alpine | --no-alpine] [--force-rebuild] [--json]',
	run(command) {
		return runFlowCommand(
			command,
			restartFlow,
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
