import type {CanaryResult} from './canary.js';
import type {RolloutFailure} from './failure.js';
import type {RolloutOptions, RolloutPlan} from './plan.js';
import type {StackState} from './state.js';

/** What a rollout takes, gives and tells as it goes (index.ts runs it). */

export type RolloutInput = RolloutOptions & {
	/** --rollback: `docker service rollback` for the chosen services (or the stack). */
	rollback: boolean;
	/** hostname → engine host, for the nodes alpinist can reach (stats, health, container events). */
	nodeEngines: Map<string, string>;
	/** Appended when not confirmed: which flag answers yes headless. */
	declineHint?: string;
};

export type RolloutResult = {
	stack: string;
	dryRun: boolean;
	plan?: Pick<RolloutPlan, 'lines' | 'problems'>;
	state?: StackState;
	canary?: CanaryResult;
	failure?: RolloutFailure;
	rolledBack: string[];
	followedBy: string[];
	/** Monotonic ms: the canary phase, the rest, the whole. */
	timings: {canaryMs?: number; restMs?: number; totalMs?: number};
	events: number;
	reads: number;
};

/** The data events of a rollout: the plan, the canary's comparison and verdict, the stack's state. */
export type RolloutData = {
	'rollout-plan': Pick<RolloutPlan, 'lines' | 'problems'>;
	'rollout-canary': CanaryResult;
	'rollout-state': StackState;
};
