import {commandContext} from './flow-command.js';
import {engineerName, showCommand, exerciseContainer, recordModule, runExercise} from '../flows/training/exercise.js';
import {modules} from '../flows/training/modules.js';
import {requireEngine} from './engine.js';
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

		const context = commandContext(command);
		try {
			const unreachable = await requireEngine(context.store, command);
			if (unreachable !== undefined) return unreachable;
			const container = exerciseContainer(context);
			if (!container) {
				command.stderr.write(`No container of the Alpine stack runs: the exercises run in one. Start it: alpinist up --alpine\n`);
				return ExitCode.failed;
			}

			const engineer = engineerName(flags.engineer as string | undefined);
			const results = [];
			for (const module of selected) {
				const result = await runExercise(context, module, container);
				results.push({...result, title: module.title, lesson: module.lesson, tryIt: module.exercise.tryIt(container.name)});
				if (result.passed) recordModule(context, engineer, module.id, modules.map(m => m.id));
				if (command.mode !== 'json') {
					const out = (line: string) => command.stdout.write(`${line}\n`);
					out(`${result.passed ? '✓' : '✗'} ${module.title}`);
					for (const line of module.lesson) out(`    ${line}`);
					out(`    $ ${showCommand(module.exercise.command)}   (in ${container.name})`);
					for (const line of result.output) out(`    | ${line}`);
					out(`    try it: ${module.exercise.tryIt(container.name)}`);
					out('');
				}
			}

			const training = context.progress.get().trainings[engineer];
			const done = modules.filter(module => training?.modules[module.id]).length;
			if (command.mode === 'json') {
				command.stdout.write(`${JSON.stringify({engineer, container: container.name, results, completed: Boolean(training?.completedAt), modulesDone: done, modulesTotal: modules.length}, null, 2)}\n`);
			} else {
				command.stdout.write(`${engineer}: ${done} of ${modules.length} modules done${training?.completedAt ? ` — training completed ${training.completedAt}` : ''}\n`);
			}

			return results.every(result => result.passed) ? ExitCode.ok : ExitCode.failed;
		} finally {
			context.store.stop();
		}
	},
};
