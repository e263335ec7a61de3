import {commandContext} from './flow-command.js';
import {rollbackFlow} from '../flows/rollback/index.js';
import {runHeadless} from '../headless/headless.js';
import {requireEngine} from './engine.js';
import {type Command, ExitCode} from './types.js';

export const rollback: Command = {
	name: 'rollback',
	usage: [
		'alpinist rollback --emergency [--yes] [--dry-run] [--no-smoke] [--json]',
		'    $ alpinist rollback --permanent [--yes] [--dry-run] [--no-backup] [--backup-dir DIR] [--json]',
		'    $ alpinist rollback            resume an interrupted rollback',
		'',
		'  --emergency     stop the Alpine stack, start the regular one, wait until healthy, verify',
		'  --permanent     also: the default goes back to regular, the Alpine stacks come down with their',
		'                  volumes (each backed up to a tar file first) and the Alpine images the project',
		'                  built are removed; base images and other projects\' images are never touched',
		'  --no-backup     skip the volume backups (permanent)',
		'  --backup-dir    where backups go (default: .alpinist-backups/<time>/ in the project)',
		'  --no-smoke      skip the smoke test while verifying',
		'  --dry-run       print exactly what would be stopped and removed, change nothing',
	].join('\n'),
	screen: 'rollback',
	mutates: true,
	flags: {
		emergency: {type: 'boolean', default: false},
		permanent: {type: 'boolean', default: false},
		backup: {type: 'boolean', default: true},
		backupDir: {type: 'string'},
		smoke: {type: 'boolean', default: true},
	},
	async run(command) {
		const {flags} = command;
		if (flags.emergency && flags.permanent) {
			command.stderr.write('alpinist rollback: choose one of --emergency and --permanent\n');
			return ExitCode.usage;
		}

		const context = commandContext(command, {
			// Headless never prompts: --yes answers, anything else declines (exit 2).
			confirm: async () => flags.yes,
		});
		try {
			const unreachable = await requireEngine(context.store, command);
			if (unreachable !== undefined) return unreachable;
			const mode = flags.emergency ? 'emergency' : flags.permanent ? 'permanent' : undefined;
			const {exitCode} = await runHeadless(
				rollbackFlow,
				context,
				{mode, backup: flags.backup !== false, backupDir: flags.backupDir as string | undefined, smoke: flags.smoke !== false, declineHint: 'add --yes'},
				command,
			);
			return exitCode;
		} finally {
			context.store.stop();
		}
	},
};
