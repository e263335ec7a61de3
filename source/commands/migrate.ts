import {migrateFlow} from '../flows/migrate.js';
import {verifyDocument} from '../headless/verify-document.js';
import {finishedSteps, runFlowCommand} from './flow-command.js';
import type {Command} from './types.js';

export const migrate: Command = {
	name: 'migrate',
	usage: 'alpinist migrate [--yes] [--force-rebuild] [--skip-check] [--dry-run] [--json]',
	flags: {skipCheck: {type: 'boolean', default: false}},
	screen: 'migrate',
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
