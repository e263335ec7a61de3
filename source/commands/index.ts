import type {Command} from './types.js';

/**
 * Every command, in help order. Each lives in its own file and is loaded only when run, so
 * `alpinist --help` and start-up stay fast. A new command is one file and one line here.
 */
export type CommandEntry = Pick<Command, 'name' | 'summary'> & {load: () => Promise<Command>};

export const commands: CommandEntry[] = [
	{name: 'status', summary: 'Project, engine, running variant and migration phases', load: async () => (await import('./status.js')).status},
	{name: 'bench', summary: "Benchmark regular against Alpine side by side, held against the guide's targets", load: async () => (await import('./bench.js')).bench},
	{name: 'convert', summary: 'Convert a Dockerfile to its Alpine variant and report musl compatibility', load: async () => (await import('./convert.js')).convert},
	{name: 'doctor', summary: 'Troubleshoot: missing images, glibc on musl, performance, Alpine-only failures, musl pitfalls', load: async () => (await import('./doctor.js')).doctor},
	{name: 'train', summary: 'Alpine training: sh, apk, package names, musl, busybox, each with a live exercise', load: async () => (await import('./train.js')).train},
	{name: 'report', summary: 'Performance dashboard against the alerting thresholds; --watch alerts on crossings', load: async () => (await import('./report.js')).report},
	{name: 'ci', summary: 'ci init: write a GitHub Actions workflow that tests on the Alpine stack', load: async () => (await import('./ci.js')).ci},
];

export function findCommand(name: string): CommandEntry | undefined {
	return commands.find(command => command.name === name);
}
