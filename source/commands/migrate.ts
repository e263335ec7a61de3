import {migrateFlow} from '../flows/migrate.js';
import {verifyDocument} from '../headless/verify-document.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Command} from './types.js';

export const migrate: Command = {
	name: 'migrate',
	flags: {skipCheck: {type: 'boolean', default: false, description: 'start without a passing checklist (not recommended: the gate is there for a reason)'}},
	examples: [
		{command: 'alpinist migrate --yes', what: 'enable Alpine, build, start, wait healthy, verify; resumes where an earlier run stopped'},
		{command: 'alpinist migrate --dry-run', what: 'print every step and command it would run, change nothing'},
	],
	screen: 'migrate',
	screenParams: flags => ({yes: flags.yes, forceRebuild: flags.forceRebuild, skipCheck: Boolean(flags.skipCheck), alpine: flags.alpine}),
	mutates: true,
	run(command) {
		return runFlowCommand(
			command,
			migrateFlow,
			{forceRebuild: command.flags.forceRebuild, skipCheck: Boolean(command.flags.skipCheck), alpine: command.flags.alpine, env: process.env},
			{
				document(outcome, events) {
					const data = outcome.data;
					return {
						ok: outcome.ok,
						exitCode: outcome.exitCode ?? (outcome.ok ? 0 : 1),
						summary: outcome.summary,
						projectName: data?.projectName,
						defaultVariant: data?.defaultVariant,
						resumed: {skipped: data?.skipped ?? [], interrupted: data?.interrupted ?? null, halfStarted: data?.halfStarted ?? null},
						images: data?.images ?? [],
						startupMs: data?.startupMs ?? null,
						verify: verifyDocument(data?.verify),
						failure: data?.failure ?? null,
						stack: data?.stack ?? null,
						messages: events.filter(event => event.type === 'message'),
						steps: finishedSteps(events),
					};
				},
			},
		);
	},
};
