import {verifyFlow} from '../flows/verify/verify.js';
import {verifyDocument} from '../headless/verify-document.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Command} from './types.js';

export const verify: Command = {
	name: 'verify',
	flags: {
		registry: {type: 'string', value: 'HOST:PORT', defaultText: 'the config\'s "registry", else none', description: "read each image's compressed pull size from the manifest this registry holds for it (pushed images only)"},
	},
	examples: [
		{command: 'alpinist verify', what: 'the running variant: every container healthy, endpoints 200, smoke tests, figures against the guide'},
		{command: 'alpinist verify --registry 127.0.0.1:5000 --json', what: 'also the compressed size a pull of the pushed images transfers, as one JSON document'},
	],
	run(command) {
		return runFlowCommand(
			command,
			verifyFlow,
			{alpine: command.flags.alpine, env: process.env, registry: command.flags.registry as string | undefined},
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
