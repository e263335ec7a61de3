import {cleanFlow, downFlow, restartFlow, upFlow} from '../flows/lifecycle.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Command} from './types.js';

/** The guide's docker_manual.py start/stop/restart/clean: one shape, four flows. */
function lifecycleCommand(name: string, usage: string, flow: typeof upFlow): Command {
	return {
		name,
		usage,
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

export const up = lifecycleCommand('up', 'alpinist up [--alpine | --no-alpine] [--force-rebuild] [--dry-run] [--json]', upFlow);
export const down = lifecycleCommand('down', 'alpinist down [--alpine | --no-alpine] [--dry-run] [--json]', downFlow);
export const restart = lifecycleCommand('restart', 'alpinist restart [--alpine | --no-alpine] [--force-rebuild] [--json]', restartFlow);
export const clean = lifecycleCommand('clean', 'alpinist clean [--alpine | --no-alpine] [--yes] [--dry-run] [--json]', cleanFlow);
