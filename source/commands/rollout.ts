import {parseNodeEngines} from '../docker/swarm-client.js';
import {rolloutDocument} from '../flows/rollout/document.js';
import {rolloutFlow, type RolloutInput} from '../flows/rollout/index.js';
import {defaultRolloutOptions} from '../flows/rollout/plan.js';
import {parseDuration} from '../project/config.js';
import {runFlowCommand} from './flow-command.js';
import {type Command, ExitCode} from './types.js';

export const rolloutUsage = [
	'alpinist rollout [options]          against a Swarm manager (DOCKER_HOST, a docker context, ssh://)',
	'alpinist rollout --rollback [options]',
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
	usage: rolloutUsage,
	// It changes the project's stack on the Swarm (and its progress): one writer at a time; the plan alone does not.
	mutates: flags => !flags.dryRun,
	flags: {
		stack: {type: 'string', value: 'NAME', defaultText: "the project's name", description: 'the deployed stack'},
		service: {type: 'string', value: 'NAME', isMultiple: true, defaultText: 'every service of the stack', description: 'only this service (repeatable)'},
		image: {type: 'string', value: 'SVC=REF', isMultiple: true, defaultText: "its image's repository, tag --alpine-tag", description: 'the Alpine image of a service'},
		alpineTag: {type: 'string', value: 'TAG', defaultText: 'alpine', description: 'the tag of the Alpine images beside the regular ones'},
		canary: {type: 'string', value: 'N', defaultText: '1', description: 'tasks per service that move first'},
		parallelism: {type: 'string', value: 'N', defaultText: '1', description: 'tasks Swarm updates at once after the canary'},
		delay: {type: 'string', value: 'DURATION', defaultText: '10s', description: "Swarm's delay between batches"},
		monitor: {type: 'string', value: 'DURATION', defaultText: '30s', description: 'how long each new task is watched, and the canary compared'},
		maxFailureRatio: {type: 'string', value: 'R', defaultText: '0', description: 'failures Swarm tolerates before it rolls back'},
		nodeEngine: {
			type: 'string',
			value: 'NAME=HOST',
			isMultiple: true,
			description: "the engine of a node (also ALPINIST_SWARM_NODES=\"n1=host,n2=host\"): its containers' events, stats and health probes; without one, a node's tasks are followed through the manager and have no CPU/memory figures",
		},
		rollback: {type: 'boolean', default: false, description: 'docker service rollback for the stack (or --service), shown first'},
	},
	examples: [
		{command: 'alpinist rollout --dry-run', what: 'show the plan for the stack (canary, then rolling update), change nothing'},
		{command: 'alpinist rollout --canary 2 --monitor 60s --yes', what: 'two canary tasks per service watched for a minute each, then the rest'},
	],
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
