import path from 'node:path';
import type {InitReport} from '../flows/init/flow.js';
import {runFlowCommand} from './flow-command.js';
import type {Command} from './types.js';

/** The JSON document of `alpinist init --json`. */
export function initDocument(report: InitReport | undefined, ok: boolean, exitCode: number, summary: string | undefined, root: string) {
	return {
		ok,
		exitCode,
		summary,
		regular: (report?.regular ?? []).map(file => path.relative(root, file)),
		services: (report?.services ?? []).map(row => ({
			name: row.name,
			kind: row.kind,
			from: row.from,
			to: row.to,
			status: row.status,
			reason: row.reason,
			dockerfile: row.dockerfile ? path.relative(root, row.dockerfile) : null,
			verified: row.verified,
			verification: row.verification,
			profiles: row.profiles,
		})),
		files: (report?.files ?? []).map(file => ({path: path.relative(root, file.path), action: file.action, role: file.role, ...(file.change ? {change: file.change} : {})})),
	};
}

export const init: Command = {
	name: 'init',
	flags: {
		file: {type: 'string', value: 'FILE', isMultiple: true, defaultText: "the project's regular compose file", description: 'a compose file to read (repeatable)'},
		force: {type: 'boolean', default: false, description: 'replace Alpine files that exist'},
	},
	examples: [
		{command: 'alpinist init --dry-run', what: 'show every file it would write, and why, write nothing'},
		{command: 'alpinist init --project ../platform --yes --json', what: "write another project's Alpine variant without asking, the report as JSON"},
	],
	// It writes the project's files and records progress: one writer per project (project/lock.ts); a dry run only reads.
	mutates: flags => !flags.dryRun,
	screen: 'convert',
	screenParams: () => ({mode: 'project'}),
	async run(command) {
		const {initFlow} = await import('../flows/init/flow.js');
		const files = (command.flags.file as string[] | undefined) ?? [];
		// No engine check: init asks the engine only for its registry settings, and works without one.
		return runFlowCommand(command, initFlow, {force: Boolean(command.flags.force), files}, {
			engine: false,
			document: (outcome, _events, context) => initDocument(outcome.data, outcome.ok, outcome.exitCode ?? (outcome.ok ? 0 : 1), outcome.summary, context.project.root),
		});
	},
};

export default init;
