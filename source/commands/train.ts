import {engineerName} from '../flows/training/exercise.js';
import {trainFlow} from '../flows/training/flow.js';
import {modules} from '../flows/training/modules.js';
import {trainRenderer} from '../headless/train.js';
import {runFlowCommand} from './flow-command.js';
import {type Command, ExitCode} from './types.js';

export const train: Command = {
	name: 'train',
	screen: 'train',
	flags: {
		module: {type: 'string', value: 'ID', choices: modules.map(module => module.id), defaultText: 'every module', description: 'run one module only'},
		engineer: {type: 'string', value: 'NAME', defaultText: '$ALPINIST_ENGINEER, else $USER', description: 'who is trained (recorded with each finished module)'},
	},
	examples: [
		{command: 'alpinist train --module apk', what: 'the apk module: read it, then run its exercise in a container of the Alpine stack'},
		{command: 'alpinist train --engineer "Ada L." --json', what: "every module for Ada, each exercise's result as JSON"},
	],
	async run(command) {
		const {flags} = command;
		const selected = flags.module ? modules.filter(module => module.id === flags.module) : modules;
		if (selected.length === 0) {
			command.stderr.write(`alpinist train: no module "${String(flags.module)}" (modules: ${modules.map(module => module.id).join(', ')})\n`);
			return ExitCode.usage;
		}

		return runFlowCommand(command, trainFlow, {modules: selected, engineer: engineerName(flags.engineer as string | undefined)}, trainRenderer(command));
	},
};
