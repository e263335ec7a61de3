import type {ComposeCli} from '../docker/compose.js';
import type {EngineInfo} from '../docker/types.js';
import {stateDocument} from '../flows/rollout/document.js';
import {describeService, type StackState} from '../flows/rollout/state.js';
import {type Project, type Variant, variants} from '../project/discover.js';
import type {Phase, Task} from '../project/phases.js';

/** What `alpinist status` found: the project, the engine, compose, what runs, the Swarm stack, the phases. */
export type StatusView = {
	project: Project;
	engine: EngineInfo;
	compose: ComposeCli | undefined;
	defaultVariant: Variant;
	running: Array<{variant: Variant; projectName: string; containers: Array<{name: string; service?: string; state: string; health: string}>}>;
	/** On a Swarm manager: the stack and its state. */
	swarm?: {stack: string; state: StackState};
	phases: Phase[];
	next?: Task;
	progressFile: string;
	warnings: string[];
};

/** The JSON document of `alpinist status --json`. */
export function statusDocument(view: StatusView) {
	const {project} = view;
	return {
		project: {name: project.name, root: project.root, configFile: project.configFile ?? null, compose: project.compose, projectNames: project.projectNames, bundled: project.bundled},
		engine: view.engine,
		compose: view.compose ?? null,
		defaultVariant: view.defaultVariant,
		running: view.running,
		swarm: view.swarm ? {stack: view.swarm.stack, ...stateDocument(view.swarm.state)} : null,
		phases: view.phases,
		next: view.next ?? null,
		progressFile: view.progressFile,
		warnings: view.warnings,
	};
}

const phaseMark = {done: '✓', 'in-progress': '…', todo: '·'} as const;

/** `alpinist status` in plain lines, a label column then what it found. */
export function statusLines(view: StatusView): string[] {
	const {project, engine, compose, swarm, next} = view;
	const lines = view.warnings.map(warning => `warning: ${warning}`);
	lines.push(`project   ${project.name}  (${project.root}${project.bundled ? ', bundled sample stack' : ''})`);
	for (const variant of variants) lines.push(`  ${variant.padEnd(10)} ${project.compose[variant] ?? '(none)'}  as compose project ${project.projectNames[variant]}`);
	lines.push(
		`engine    ${engine.flavour} ${engine.version} (API ${engine.apiVersion}) at ${engine.host} [${engine.hostSource}], cgroup v${engine.cgroupVersion}, ${engine.storageDriver}, ${engine.cpus} CPUs`,
		`compose   ${compose ? `${compose.version} ${compose.versionString} (${[compose.command, ...compose.prefix].join(' ')})` : 'not found'}`,
		`default   ${view.defaultVariant}`,
	);
	for (const entry of view.running) {
		if (entry.containers.length === 0) continue;
		lines.push(`running   ${entry.variant}: ${entry.containers.map(c => `${c.service ?? c.name} ${c.state}${c.health === 'none' ? '' : `/${c.health}`}`).join(', ')}`);
	}

	if (view.running.every(entry => entry.containers.length === 0)) lines.push('running   nothing of this project');
	if (swarm) {
		const {state} = swarm;
		lines.push(`swarm     manager of ${state.nodes.length} node${state.nodes.length === 1 ? '' : 's'}: ${state.nodes.map(node => `${node.hostname} (${node.role}, ${node.state})`).join(', ')}`);
		if (state.services.length === 0) lines.push(`stack     ${swarm.stack}: not deployed here (alpinist status --stack NAME for another)`);
		for (const service of state.services) lines.push(`stack     ${describeService(service)}`);
	}

	for (const phase of view.phases) lines.push(`phase     ${phaseMark[phase.status]} ${phase.title} (${phase.tasks.filter(t => t.done).length}/${phase.tasks.length})`);
	lines.push(`next      ${next ? `${next.title} (alpinist ${next.screen === 'checklist' ? 'check' : next.screen})` : 'all phases done'}`);
	return lines;
}
