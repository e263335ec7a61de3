import type {ComposeCli} from '../docker/compose.js';
import type {EngineInfo} from '../docker/types.js';
import type {Project, Variant} from '../project/discover.js';
import {variants} from '../project/discover.js';
import type {Phase, Task} from '../project/phases.js';

/** What `alpinist status` reports: its JSON document, and the same as plain lines. */
export type StatusDocument = {
	project: Pick<Project, 'name' | 'root' | 'compose' | 'projectNames' | 'bundled'> & {configFile: string | null};
	engine?: EngineInfo;
	compose: ComposeCli | null;
	defaultVariant: Variant;
	running: Array<{variant: Variant; projectName: string; containers: Array<{name: string; service?: string; state: string; health: string}>}>;
	phases: Phase[];
	next: Task | null;
	progressFile: string;
	warnings: string[];
};

export function statusLines(document: StatusDocument): string[] {
	const lines: string[] = [];
	const out = (line = '') => lines.push(line);
	const {project, running, phases, next, compose} = document;
	const engine = document.engine!;
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
	return lines;
}
