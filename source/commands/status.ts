import {existsSync} from 'node:fs';
import {detectCompose} from '../docker/compose.js';
import {DockerStore} from '../docker/store.js';
import {commandContext} from './flow-command.js';
import {derivePhases, nextTask} from '../project/phases.js';
import {variantOfProjectName, variants} from '../project/discover.js';
import {readSwarmStack} from '../flows/rollout/read.js';
import {type StatusView, statusDocument, statusLines} from '../headless/status.js';
import {requireEngine} from './engine.js';
import type {Command} from './types.js';

export const status: Command = {
	name: 'status',
	flags: {stack: {type: 'string', value: 'NAME', defaultText: "the project's name", description: 'on a Swarm manager: the stack to show (per service its image and variant, tasks per node, health, update state)'}},
	examples: [
		{command: 'alpinist status', what: 'the project, the engine, the variant running and where the migration stands'},
		{command: 'alpinist status --json --project ../platform', what: "another project's status as one JSON document"},
	],
	async run(command) {
		// The first picture (engine, containers with their health) is all status shows: no inspect of
		// every container, no image or volume list after it.
		const context = commandContext(command, {store: new DockerStore({detailsAfter: new Promise<never>(() => {})})});
		const {project, store, progress} = context;
		// Compose is found (from the state dir's cache, or by `docker compose version`, a process
		// start of its own) while the engine answers.
		const composeDetected = detectCompose({cacheDir: progress.dir});
		try {
			const unreachable = await requireEngine(store, command);
			if (unreachable !== undefined) return unreachable;
			const snapshot = store.getSnapshot();
			const compose = await composeDetected;
			const phases = derivePhases(progress.get(), {alpineFiles: Boolean(project.compose.alpine && existsSync(project.compose.alpine))});
			const stack = (command.flags.stack as string | undefined) ?? project.name;
			const swarmView = await readSwarmStack(context.docker, stack).catch(error => ({manager: false as const, why: (error as Error).message}));
			const view: StatusView = {
				project,
				engine: snapshot.engine!,
				compose,
				defaultVariant: progress.get().defaultVariant,
				running: variants.map(variant => ({
					variant,
					projectName: project.projectNames[variant],
					containers: snapshot.containers
						.filter(container => variantOfProjectName(project, container.project) === variant)
						.map(container => ({name: container.name, service: container.service, state: container.state, health: container.health})),
				})),
				swarm: swarmView.manager ? {stack, state: swarmView.state} : undefined,
				phases,
				next: nextTask(phases),
				progressFile: progress.file,
				warnings: progress.warning ? [progress.warning.message] : [],
			};
			if (command.mode === 'json') command.stdout.write(`${JSON.stringify(statusDocument(view), null, 2)}\n`);
			else for (const line of statusLines(view)) command.stdout.write(`${line}\n`);
			return 0;
		} finally {
			store.stop();
		}
	},
};
