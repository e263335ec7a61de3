import type {BuiltImage} from '../flows/build.js';
import type {MigrateData} from '../flows/migrate.js';
import type {ServiceHealth} from '../flows/stack.js';
import type {FlowState} from '../hooks/use-flow.js';

/** What the Migrate screen draws, read out of the flow's state. Pure: unit-tested without Ink. */

/** The step whose output the log tail follows: the running one, else the last that logged. */
export function tailStep(state: FlowState<MigrateData>): string | undefined {
	const running = [...state.steps].reverse().find(step => step.status === 'running');
	if (running) return running.id;
	return state.logs.at(-1)?.step;
}

export function tailLines(state: FlowState<MigrateData>, step: string | undefined): Array<{source?: string; line: string}> {
	if (!step) return [];
	// A top-level step's tail includes its sub-steps' output (verify → smoke tests).
	return state.logs.filter(entry => entry.step === step || entry.step?.startsWith(`${step}.`) || step.startsWith(`${entry.step}.`));
}

export function builtImages(state: FlowState<MigrateData>): BuiltImage[] {
	const images = new Map<string, BuiltImage>();
	for (const entry of state.data) if (entry.kind === 'image') images.set((entry.data as BuiltImage).service, entry.data as BuiltImage);
	return [...images.values()];
}

export function latestHealth(state: FlowState<MigrateData>): ServiceHealth[] {
	const last = [...state.data].reverse().find(entry => entry.kind === 'health');
	return (last?.data as ServiceHealth[] | undefined) ?? [];
}

export function failed(state: FlowState<MigrateData>): boolean {
	return state.status === 'done' && state.outcome?.ok === false && state.outcome.exitCode !== 130;
}
