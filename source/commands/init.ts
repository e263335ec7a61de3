import path from 'node:path';
import type {InitReport} from '../flows/init/flow.js';
import {runHeadless} from '../report/headless.js';
import {commandContext, headlessConfirm} from './flow-command.js';
import type {Command} from './types.js';

const USAGE = 'alpinist init [--project DIR] [--file FILE …] [--dry-run] [--yes] [--force] [--json]';

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
	summary: 'Write the Alpine variant of a project that has only its regular compose file: Dockerfiles, compose files, config',
	usage: USAGE,
	flags: {
		force: {type: 'boolean', default: false},
		file: {type: 'string', isMultiple: true},
	},
	// Writes files and records progress; a dry run only reads.
	mutates: flags => !flags.dryRun,
	screen: 'convert',
	screenParams: () => ({mode: 'project'}),
	async run(command) {
		const context = commandContext(command, {confirm: headlessConfirm(command)});
		const {initFlow} = await import('../flows/init/flow.js');
		try {
			const files = (command.flags.file as string[] | undefined) ?? [];
			const {exitCode} = await runHeadless(initFlow, context, {force: Boolean(command.flags.force), files}, command, {
				document: (outcome, _events) => initDocument(outcome.data, outcome.ok, outcome.exitCode ?? (outcome.ok ? 0 : 1), outcome.summary, context.project.root),
			});
			return exitCode;
		} finally {
			context.store.stop();
		}
	},
};

export default init;
