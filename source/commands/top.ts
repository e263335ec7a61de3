import {commandContext} from './flow-command.js';
import {columnIds, sortColumn} from '../top/columns.js';
import {formatOnce, onceDocument, snapshotOnce} from '../top/once.js';
import {requireEngine} from './engine.js';
import {formatSwarmTop, swarmTop, swarmTopDocument} from '../top/swarm-tasks.js';
import type {Command, GlobalFlags} from './types.js';
import {ExitCode} from './types.js';

/** --interval in seconds (decimals allowed) as ms; NaN when out of range. The screen reads the same flag. */
export function intervalMs(value: unknown): number | undefined {
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 60) return Number.NaN;
	return Math.round(seconds * 1000);
}

export const top: Command = {
	name: 'top',
	summary: 'Live container view: CPU, memory, I/O, health and variant of each container',
	usage: 'alpinist top [--interval SECONDS] [--all] [--project-only] [--filter TEXT] [--sort COLUMN] [--once] [--json] [--stack NAME]\n\n  --once on a Swarm manager also lists the stack\'s tasks (default: the project\'s name) with their node.',
	flags: {
		once: {type: 'boolean', default: false},
		interval: {type: 'number'},
		all: {type: 'boolean', shortFlag: 'a', default: false},
		projectOnly: {type: 'boolean', default: false},
		filter: {type: 'string'},
		sort: {type: 'string'},
		stack: {type: 'string'},
	},
	screen: 'top',
	headless: (flags: GlobalFlags) => Boolean(flags.once),
	async run(command) {
		const {flags} = command;
		if (Number.isNaN(intervalMs(flags.interval))) {
			command.stderr.write('alpinist top: --interval takes seconds between 0.1 and 60\n');
			return ExitCode.usage;
		}

		if (flags.sort !== undefined && !sortColumn(flags.sort)) {
			command.stderr.write(`alpinist top: --sort takes one of ${columnIds.join(', ')}\n`);
			return ExitCode.usage;
		}

		const context = commandContext(command);
		const {store, project} = context;
		try {
			const unreachable = await requireEngine(store, command);
			if (unreachable !== undefined) return unreachable;
			// Uptime needs StartedAt, which only inspect gives: the store inspects every container after listing.
			await store.waitFor(snapshot => snapshot.containers.every(container => container.inspected), {timeoutMs: 10_000}).catch(() => undefined);
			const column = sortColumn(flags.sort) ?? 'name';
			const result = await snapshotOnce(store.getSnapshot(), context.docker, project, {
				text: typeof flags.filter === 'string' ? flags.filter : '',
				all: Boolean(flags.all),
				projectOnly: Boolean(flags.projectOnly),
				sort: {column, reverse: false},
			});
			// Pointed at a Swarm manager: the stack's tasks too, with the node each runs on.
			const swarm = await swarmTop(context.docker, typeof flags.stack === 'string' ? flags.stack : project.name);
			if (command.mode === 'json') command.stdout.write(`${JSON.stringify({...onceDocument(result), swarm: swarm ? swarmTopDocument(swarm) : null}, null, 2)}\n`);
			else for (const line of [...formatOnce(result), ...(swarm ? formatSwarmTop(swarm) : [])]) command.stdout.write(`${line}\n`);
			return ExitCode.ok;
		} finally {
			store.stop();
		}
	},
};
