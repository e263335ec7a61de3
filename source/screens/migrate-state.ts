import type {BuiltImage} from '../flows/build.js';
import {ExitCode} from '../flows/exit-code.js';
import type {MigrateData, MigrateEvents} from '../flows/migrate.js';
import type {ServiceHealth} from '../flows/stack.js';
import type {FlowState} from '../hooks/use-flow.js';

/** What the Migrate screen draws, read out of the flow's state. Pure: unit-tested without Ink. */

export type MigrateState = FlowState<MigrateData, MigrateEvents>;

/** The step whose output the log tail follows: the running one, else the last that logged. */
export function tailStep(state: MigrateState): string | undefined {
	const running = [...state.steps].reverse().find(step => step.status === 'running');
	if (running) return running.id;
	return state.logs.at(-1)?.step;
}

export function tailLines(state: MigrateState, step: string | undefined): Array<{source?: string; line: string}> {
	if (!step) return [];
	// A top-level step's tail includes its sub-steps' output (verify → smoke tests).
	return state.logs.filter(entry => entry.step === step || entry.step?.startsWith(`${step}.`) || step.startsWith(`${entry.step}.`));
}

export function builtImages(state: MigrateState): BuiltImage[] {
	const images = new Map<string, BuiltImage>();
	for (const entry of state.data) if (entry.kind === 'image') images.set(entry.data.service, entry.data);
	return [...images.values()];
}

export function latestHealth(state: MigrateState): ServiceHealth[] {
	for (let index = state.data.length - 1; index >= 0; index--) {
		const entry = state.data[index];
		if (entry.kind === 'health') return entry.data;
	}

	return [];
}

export function failed(state: MigrateState): boolean {
	return state.status === 'done' && state.outcome?.ok === false && state.outcome.exitCode !== ExitCode.interrupted;
}
