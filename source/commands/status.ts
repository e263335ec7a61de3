import {detectCompose} from '../docker/compose.js';
import {commandContext} from './flow-command.js';
import {derivePhases, nextTask} from '../project/phases.js';
import {variantOfProjectName, variants} from '../project/discover.js';
import {requireEngine} from './engine.js';
import type {Command} from './types.js';

export const status: Command = {
	name: 'status',
	summary: 'Project, engine, running variant and migration phases',
	usage: 'alpinist status [--json] [--project DIR]',
	async run(command) {
		// `docker compose version` runs while the engine answers (it is a process start of its own).
		const composeDetected = detectCompose();
		const context = commandContext(command);
		const {project, store, progress} = context;
		try {
			const unreachable = await requireEngine(store, command);
			if (unreachable !== undefined) return unreachable;
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
			const document = {
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
			for (const phase of phases) out(`phase     ${phase.status === 'done' ? '✓' : phase.status === 'in-progress' ? '…' : '·'} ${phase.title} (${phase.tasks.filter(t => t.done).length}/${phase.tasks.length})`);
			out(`next      ${next ? `${next.title} (alpinist ${next.screen === 'checklist' ? 'check' : next.screen})` : 'all phases done'}`);
			return 0;
		} finally {
			store.stop();
		}
	},
};
