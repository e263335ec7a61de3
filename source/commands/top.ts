import {withFlowContext} from './flow-command.js';
import {columnIds, sortColumn} from '../top/columns.js';
import {formatOnce, onceDocument} from '../headless/top.js';
import {snapshotOnce} from '../top/once.js';
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
	flags: {
		interval: {type: 'number', value: 'SECONDS', range: [0.1, 60], defaultText: '1', description: 'time between refreshes of the view and its stats'},
		all: {type: 'boolean', shortFlag: 'a', default: false, description: 'also stopped containers (as docker ps -a)'},
		projectOnly: {type: 'boolean', default: false, description: "only the project's containers (both variants)"},
		filter: {type: 'string', value: 'TEXT', description: 'only rows whose name, service, image or variant contain TEXT'},
		sort: {type: 'string', value: 'COLUMN', defaultText: 'name', description: `sort by a column: ${columnIds.join(', ')} (numbers biggest first)`},
		once: {type: 'boolean', default: false, description: 'print one table (stats sampled once) and exit, no screen; on a Swarm manager also the stack\'s tasks with their node'},
		stack: {type: 'string', value: 'NAME', defaultText: "the project's name", description: 'on a Swarm manager: the stack whose tasks are listed (the screen and --once)'},
	},
	examples: [
		{command: 'alpinist top --project-only --sort mem', what: "the project's containers, the biggest memory user first"},
		{command: 'alpinist top --once --json --filter backend', what: 'one snapshot of the backend containers as JSON, for a script'},
	],
	screen: 'top',
	screenParams: flags => ({
		interval: typeof flags.interval === 'number' ? flags.interval : undefined,
		sort: sortColumn(flags.sort),
		filter: typeof flags.filter === 'string' ? flags.filter : undefined,
		all: Boolean(flags.all),
		projectOnly: Boolean(flags.projectOnly),
		stack: typeof flags.stack === 'string' ? flags.stack : undefined,
	}),
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

		return withFlowContext(command, {}, async context => {
			const {store, project} = context;
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
		});
	},
};
