import {parseNodeEngines} from '../docker/swarm-client.js';
import {rolloutDocument} from '../flows/rollout/document.js';
import {rolloutFlow, type RolloutInput} from '../flows/rollout/index.js';
import {defaultRolloutOptions} from '../flows/rollout/plan.js';
import {parseDuration} from '../project/config.js';
import {runFlowCommand} from './flow-command.js';
import {type Command, ExitCode} from './types.js';

export const rolloutUsage = [
	'alpinist rollout [--stack NAME] [--canary N] [--parallelism N] [--delay 10s] [--monitor 30s] [--max-failure-ratio R] [--yes] [--dry-run] [--json]',
	'    $ alpinist rollout --rollback [--stack NAME] [--service NAME]… [--yes] [--dry-run] [--json]',
	'',
	'  Against a Swarm manager (DOCKER_HOST, a docker context, ssh://): moves a stack\'s services from the',
	'  regular to the Alpine image with Swarm\'s own rolling update, canary first.',
	'',
	'  --stack NAME            the deployed stack (default: the project\'s name)',
	'  --service NAME          only this service (repeatable; default: every service of the stack)',
	'  --image SVC=REF         the Alpine image of a service (default: its image\'s repository, tag --alpine-tag)',
	'  --alpine-tag TAG        the tag of the Alpine images beside the regular ones (default: alpine)',
	'  --canary N              tasks per service that move first (default 1)',
	'  --parallelism N         tasks Swarm updates at once after the canary (default 1)',
	'  --delay 10s             Swarm\'s delay between batches (default 10s)',
	'  --monitor 30s           how long each new task is watched, and the canary compared (default 30s)',
	'  --max-failure-ratio R   failures Swarm tolerates before it rolls back (default 0)',
	'  --node-engine NAME=HOST the engine of a node (repeatable; also ALPINIST_SWARM_NODES="n1=host,n2=host"):',
	'                          its containers\' events, stats and health probes; without one, a node\'s tasks',
	'                          are followed through the manager and have no CPU/memory figures',
	'  --rollback              docker service rollback for the stack (or --service), shown first',
	'  --dry-run               show the plan, change nothing',
].join('\n');

function count(value: unknown, name: string, min: number): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < min) throw new RangeError(`--${name} takes a whole number ≥ ${min}, not "${String(value)}"`);
	return number;
}

/** The flow's input from the command's flags; throws RangeError on bad input (exit 2). */
export function rolloutInput(flags: Record<string, unknown>, projectName: string, env: NodeJS.ProcessEnv = process.env): RolloutInput {
	const ratio = flags.maxFailureRatio === undefined ? defaultRolloutOptions.maxFailureRatio : Number(flags.maxFailureRatio);
	if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new RangeError(`--max-failure-ratio takes a number from 0 to 1, not "${String(flags.maxFailureRatio)}"`);
	const duration = (value: unknown, name: string, fallback: number) => {
		if (value === undefined) return fallback;
		try {
			return parseDuration(String(value));
		} catch (error) {
			throw new RangeError(`--${name}: ${(error as Error).message}`);
		}
	};

	const images: Record<string, string> = {};
	for (const entry of (flags.image as string[] | undefined) ?? []) {
		const at = entry.indexOf('=');
		if (at <= 0 || at === entry.length - 1) throw new RangeError(`--image takes SERVICE=REFERENCE, not "${entry}"`);
		images[entry.slice(0, at)] = entry.slice(at + 1);
	}

	let nodeEngines: Map<string, string>;
	try {
		nodeEngines = parseNodeEngines([...(env.ALPINIST_SWARM_NODES ? [env.ALPINIST_SWARM_NODES] : []), ...((flags.nodeEngine as string[] | undefined) ?? [])]);
	} catch (error) {
		throw new RangeError(`--node-engine: ${(error as Error).message}`);
	}

	const stack = (flags.stack as string | undefined) ?? projectName;
	if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(stack)) throw new RangeError(`--stack takes a stack name, not "${stack}"`);
	return {
		...defaultRolloutOptions,
		stack,
		canary: flags.canary === undefined ? defaultRolloutOptions.canary : count(flags.canary, 'canary', 1),
		parallelism: flags.parallelism === undefined ? defaultRolloutOptions.parallelism : count(flags.parallelism, 'parallelism', 0),
		delayMs: duration(flags.delay, 'delay', defaultRolloutOptions.delayMs),
		monitorMs: duration(flags.monitor, 'monitor', defaultRolloutOptions.monitorMs),
		maxFailureRatio: ratio,
		services: (flags.service as string[] | undefined) ?? [],
		images,
		alpineTag: (flags.alpineTag as string | undefined) ?? defaultRolloutOptions.alpineTag,
		rollback: Boolean(flags.rollback),
		nodeEngines,
		declineHint: 'add --yes',
	};
}

export const rollout: Command = {
	name: 'rollout',
	summary: 'Production rollout on Docker Swarm: canary first, then Swarm\'s rolling update, automatic rollback',
	usage: rolloutUsage,
	flags: {
		stack: {type: 'string'},
		service: {type: 'string', isMultiple: true},
		image: {type: 'string', isMultiple: true},
		alpineTag: {type: 'string'},
		canary: {type: 'string'},
		parallelism: {type: 'string'},
		delay: {type: 'string'},
		monitor: {type: 'string'},
		maxFailureRatio: {type: 'string'},
		nodeEngine: {type: 'string', isMultiple: true},
		rollback: {type: 'boolean', default: false},
	},
	async run(command) {
		const {discoverProject} = await import('../project/discover.js');
		let input: RolloutInput;
		try {
			input = rolloutInput(command.flags, discoverProject({dir: command.flags.project}).name);
		} catch (error) {
			if (!(error instanceof RangeError)) throw error;
			command.stderr.write(`alpinist rollout: ${error.message}\n`);
			return ExitCode.usage;
		}

		return runFlowCommand(command, rolloutFlow, input, {document: outcome => rolloutDocument(outcome)});
	},
};
