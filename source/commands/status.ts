import {detectCompose} from '../docker/compose.js';
import {withFlowContext} from './flow-command.js';
import {derivePhases, nextTask} from '../project/phases.js';
import {variantOfProjectName, variants} from '../project/discover.js';
import {type StatusDocument, statusLines} from '../headless/status.js';
import type {Command} from './types.js';

export const status: Command = {
	name: 'status',
	usage: 'alpinist status [--json] [--project DIR]',
	async run(command) {
		// `docker compose version` runs while the engine answers (it is a process start of its own).
		const composeDetected = detectCompose();
		return withFlowContext(command, {}, async context => {
			const {project, store, progress} = context;
			const snapshot = store.getSnapshot();
			const compose = await composeDetected;
			const phases = derivePhases(progress.get());
			const next = nextTask(phases);
			const running = variants.map(variant => ({
				variant,
				projectName: project.projectNames[variant],
				containers: snapshot.containers
					.filter(container => variantOfProjectName(project, container.project) === variant)
					.map(container => ({name: container.name, service: container.service, state: container.state, health: container.health})),
			}));
			const document: StatusDocument = {
				project: {name: project.name, root: project.root, configFile: project.configFile ?? null, compose: project.compose, projectNames: project.projectNames, bundled: project.bundled},
				engine: snapshot.engine,
				compose: compose ?? null,
				defaultVariant: progress.get().defaultVariant,
				running,
				phases,
				next: next ?? null,
				progressFile: progress.file,
				warnings: progress.warning ? [progress.warning.message] : [],
			};
			if (command.mode === 'json') {
				command.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
				return 0;
			}

			for (const line of statusLines(document)) command.stdout.write(`${line}\n`);
			return 0;
		});
	},
};
