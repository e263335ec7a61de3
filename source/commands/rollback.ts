import {rollbackFlow} from '../flows/rollback/index.js';
import {runFlowCommand} from './flow-command.js';
import {type Command, ExitCode} from './types.js';

export const rollback: Command = {
	name: 'rollback',
	usage: ['alpinist rollback --emergency [options]', 'alpinist rollback --permanent [options]', 'alpinist rollback             (resumes an interrupted rollback)'].join('\n'),
	screen: 'rollback',
	screenParams: flags => ({
		emergency: Boolean(flags.emergency),
		permanent: Boolean(flags.permanent),
		yes: flags.yes,
		backup: flags.backup !== false,
		backupDir: typeof flags.backupDir === 'string' ? flags.backupDir : undefined,
		smoke: flags.smoke !== false,
	}),
	mutates: true,
	flags: {
		emergency: {type: 'boolean', default: false, description: 'stop the Alpine stack, start the regular one, wait until healthy, verify'},
		permanent: {
			type: 'boolean',
			default: false,
			description: "also: the default goes back to regular, the Alpine stacks come down with their volumes (each backed up to a tar file first) and the Alpine images the project built are removed; base images and other projects' images are never touched",
		},
		backup: {type: 'boolean', default: true, negatable: true, description: 'with --permanent: skip the volume backups'},
		backupDir: {type: 'string', value: 'DIR', defaultText: '.alpinist-backups/<time>/ in the project', description: 'with --permanent: where the backups go'},
		smoke: {type: 'boolean', default: true, negatable: true, description: 'skip the smoke test while verifying'},
	},
	examples: [
		{command: 'alpinist rollback --emergency --yes', what: 'back on the regular images now, verified healthy; Alpine volumes and images kept'},
		{command: 'alpinist rollback --permanent --dry-run', what: 'print exactly what a permanent rollback would stop, back up and remove; change nothing'},
	],
	async run(command) {
		const {flags} = command;
		if (flags.emergency && flags.permanent) {
			command.stderr.write('alpinist rollback: choose one of --emergency and --permanent\n');
			return ExitCode.usage;
		}

		const mode = flags.emergency ? 'emergency' : flags.permanent ? 'permanent' : undefined;
		return runFlowCommand(
			command,
			rollbackFlow,
			{mode, backup: flags.backup !== false, backupDir: flags.backupDir as string | undefined, smoke: flags.smoke !== false, declineHint: 'add --yes'},
			// Headless never prompts: --yes answers, anything else declines (exit 2).
			{confirm: async () => flags.yes},
		);
	},
};
