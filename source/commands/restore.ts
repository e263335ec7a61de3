import {createInterface} from 'node:readline/promises';
import {runFlowCommand} from './flow-command.js';
import {restoreFlow} from '../flows/rollback/restore.js';
import type {Confirmation} from '../flows/types.js';
import {type Command, type CommandContext, ExitCode} from './types.js';

/** In a terminal without --yes, ask on the terminal; elsewhere --yes answers and nothing prompts. */
function confirmer(command: CommandContext): (question: Confirmation) => Promise<boolean> {
	return async question => {
		if (command.flags.yes) return true;
		if (command.mode !== 'interactive') return false;
		const lines = [question.title, ...question.items.map(item => `  • ${item}`)];
		command.stdout.write(`${lines.join('\n')}\n`);
		const prompt = createInterface({input: process.stdin, output: process.stdout});
		try {
			const answer = await prompt.question(`${question.action}? [y/N] `, {signal: command.signal});
			return /^y(es)?$/i.test(answer.trim());
		} catch {
			return false;
		} finally {
			prompt.close();
		}
	};
}

export const restore: Command = {
	name: 'restore',
	mutates: true,
	arguments: '<backup-dir|volume.tar>',
	flags: {
		volume: {type: 'string', value: 'NAME', defaultText: 'every volume of the backup', description: 'restore only this volume of the backup'},
		to: {type: 'string', value: 'NAME', defaultText: 'the original name', description: 'restore it into a volume of this name (an existing volume is removed and recreated only after confirmation, or --yes)'},
	},
	examples: [
		{command: 'alpinist restore .alpinist-backups/2026-06-01T10-00-00Z --dry-run', what: 'show which volumes would be recreated from which tar files'},
		{command: 'alpinist restore .alpinist-backups/2026-06-01T10-00-00Z --volume pgdata --to pgdata-check --yes', what: 'restore one volume under another name, to look at it beside the live one'},
	],
	async run(command) {
		const source = command.args[0];
		if (!source) {
			command.stderr.write('alpinist restore: name the backup directory or .tar file (see the end of `alpinist rollback --permanent`)\n');
			return ExitCode.usage;
		}

		return runFlowCommand(command, restoreFlow, {source, volume: command.flags.volume as string | undefined, to: command.flags.to as string | undefined}, {confirm: confirmer(command)});
	},
};
