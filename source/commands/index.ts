import type {Command} from './types.js';

/**
 * Every command, in help order. Each lives in its own file and is loaded only when run, so
 * `alpinist --help` and start-up stay fast. A new command is one file and one line here.
 */
export type CommandEntry = Pick<Command, 'name' | 'summary'> & {load: () => Promise<Command>};

export const commands: CommandEntry[] = [
	{name: 'status', summary: 'Project, engine, running variant and migration phases', load: async () => (await import('./status.js')).status},
	{name: 'convert', summary: 'Convert a Dockerfile to its Alpine variant and report musl compatibility', load: async () => (await import('./convert.js')).convert},
];

export function findCommand(name: string): CommandEntry | undefined {
	return commands.find(command => command.name === name);
}
