import type {FlowOutcome} from '../types.js';
import type {RolloutResult} from './types.js';
import type {StackState} from './state.js';

/** The stack's state in the document's shape: nodes, then services with their tasks. */
export function stateDocument(state: StackState | undefined) {
	return {
		nodes: (state?.nodes ?? []).map(node => ({id: node.id, hostname: node.hostname, role: node.role, state: node.state})),
		services: (state?.services ?? []).map(service => ({
			name: service.name,
			image: service.image,
			variant: service.variant,
			updateState: service.updateState,
			tasks: service.tasks.map(task => ({id: task.id, node: task.node, image: task.image, variant: task.variant, state: task.state, health: task.health})),
		})),
	};
}

/** `rollout --json`: one document, {ok, exitCode, nodes, services, canary, failure} and how it got there. */
export function rolloutDocument(outcome: FlowOutcome<RolloutResult>) {
	const result = outcome.data;
	const canary = result?.canary;
	return {
		ok: outcome.ok,
		exitCode: outcome.exitCode ?? (outcome.ok ? 0 : 1),
		...stateDocument(result?.state),
		canary: canary
			? {
					tasksPerService: canary.tasks,
					monitorMs: canary.monitorMs,
					policy: canary.policy,
					healthyAfterMs: canary.healthyAfterMs,
					verdict: canary.verdict ?? null,
					services: canary.services.map(entry => ({
						service: entry.service,
						tasks: entry.tasks,
						verdict: entry.verdict ? {status: entry.verdict.status, reasons: entry.verdict.reasons, figures: entry.verdict.figures} : null,
						comparison: entry.comparison ?? null,
					})),
				}
			: null,
		failure: result?.failure ?? null,
		stack: result?.stack,
		summary: outcome.summary,
		dryRun: result?.dryRun ?? false,
		plan: result?.plan ?? null,
		rolledBack: result?.rolledBack ?? [],
		followedBy: result?.followedBy ?? [],
		timings: result?.timings ?? {},
		events: result?.events ?? 0,
	};
}
