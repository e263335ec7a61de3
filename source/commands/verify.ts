import {verifyFlow} from '../flows/verify/verify.js';
import {verifyDocument} from '../headless/verify-document.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Command} from './types.js';

export const verify: Command = {
	name: 'verify',
	usage: 'alpinist verify [--alpine | --no-alpine] [--json]',
	run(command) {
		return runFlowCommand(
			command,
			verifyFlow,
			{alpine: command.flags.alpine, env: process.env},
			{
				document: (outcome, events) => ({
					ok: outcome.ok,
					exitCode: outcome.exitCode ?? (outcome.ok ? 0 : 1),
					summary: outcome.summary,
					...verifyDocument(outcome.data),
					steps: finishedSteps(events),
				}),
			},
		);
	},
};
