import {existsSync} from 'node:fs';
import {detectCompose} from '../docker/compose.js';
import {DockerStore} from '../docker/store.js';
import {commandContext} from './flow-command.js';
import {derivePhases, nextTask} from '../project/phases.js';
import {variantOfProjectName, variants} from '../project/discover.js';
import {stateDocument} from '../flows/rollout/document.js';
import {readSwarmStack} from '../flows/rollout/read.js';
import {describeService} from '../flows/rollout/state.js';
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
			const swarm = swarmView.manager ? {stack, ...stateDocument(swarmView.state)} : null;
			const next = nextTask(phases);
			const running = variants.map(variant => ({
				variant,
				projectName: project.projectNames[variant],
				containers: snapshot.containers
					.filter(container => variantOfProjectName(project, container.project) === variant)
					.map(container => ({name: container.name, service: container.service, state: container.state, health: container.health})),
			}));
			const document = {
				project: {name: project.name, root: project.root, configFile: project.configFile ?? null, compose: project.compose, projectNames: project.projectNames, bundled: project.bundled},
				engine: snapshot.engine,
				compose: compose ?? null,
				defaultVariant: progress.get().defaultVariant,
				running,
				swarm,
				phases,
				next: next ?? null,
				progressFile: progress.file,
				warnings: progress.warning ? [progress.warning.message] : [],
			};
			if (command.mode === 'json') {
				command.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
				return 0;
			}

			const engine = snapshot.engine!;
			const out = (line = '') => command.stdout.write(`${line}\n`);
			for (const warning of document.warnings) out(`warning: ${warning}`);
			out(`project   ${project.name}  (${project.root}${project.bundled ? ', bundled sample stack' : ''})`);
			for (const variant of variants) out(`  ${variant.padEnd(10)} ${project.compose[variant] ?? '(none)'}  as compose project ${project.projectNames[variant]}`);
			out(`engine    ${engine.flavour} ${engine.version} (API ${engine.apiVersion}) at ${engine.host} [${engine.hostSource}], cgroup v${engine.cgroupVersion}, ${engine.storageDriver}, ${engine.cpus} CPUs`);
			out(`compose   ${compose ? `${compose.version} ${compose.versionString} (${[compose.command, ...compose.prefix].join(' ')})` : 'not found'}`);
			out(`default   ${document.defaultVariant}`);
			for (const entry of running) {
				if (entry.containers.length === 0) continue;
				out(`running   ${entry.variant}: ${entry.containers.map(c => `${c.service ?? c.name} ${c.state}${c.health === 'none' ? '' : `/${c.health}`}`).join(', ')}`);
			}

			if (running.every(entry => entry.containers.length === 0)) out('running   nothing of this project');
			if (swarmView.manager) {
				const {state} = swarmView;
				out(`swarm     manager of ${state.nodes.length} node${state.nodes.length === 1 ? '' : 's'}: ${state.nodes.map(node => `${node.hostname} (${node.role}, ${node.state})`).join(', ')}`);
				if (state.services.length === 0) out(`stack     ${stack}: not deployed here (alpinist status --stack NAME for another)`);
				for (const service of state.services) out(`stack     ${describeService(service)}`);
			}
			for (const phase of phases) out(`phase     ${phase.status === 'done' ? '✓' : phase.status === 'in-progress' ? '…' : '·'} ${phase.title} (${phase.tasks.filter(t => t.done).length}/${phase.tasks.length})`);
			out(`next      ${next ? `${next.title} (alpinist ${next.screen === 'checklist' ? 'check' : next.screen})` : 'all phases done'}`);
			return 0;
		} finally {
			store.stop();
		}
	},
};
