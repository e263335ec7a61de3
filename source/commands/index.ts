import type {Command} from './types.js';

/**
 * Every command, in help order. Each lives in its own file and is loaded only when run, so
 * `alpinist --help` and start-up stay fast. A new command is one file and one line here.
 */
export type CommandEntry = Pick<Command, 'name' | 'summary'> & {load: () => Promise<Command>};

export const commands: CommandEntry[] = [
	{name: 'status', summary: 'Project, engine, running variant and migration phases', load: async () => (await import('./status.js')).status},
	{name: 'top', summary: 'Live container view: CPU, memory, I/O, health and variant of each container', load: async () => (await import('./top.js')).top},
];

export function findCommand(name: string): CommandEntry | undefined {
	return commands.find(command => command.name === name);
}
