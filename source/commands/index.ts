import type {CommandEntry} from './types.js';

export type {CommandEntry} from './types.js';

/**
 * Every command, in help order. Each lives in its own file and is loaded only when run, so
 * `alpinist --help` and start-up stay fast. A new command is one file and one line here.
 *
 * This table is the one place a command's summary is written: `alpinist --help` lists it and
 * `alpinist <command> --help` heads its usage with it.
 */

export const commands: CommandEntry[] = [
	{name: 'status', summary: 'Project, engine, running variant and migration phases', load: async () => (await import('./status.js')).status},
	{name: 'init', summary: 'Write the Alpine variant of a project that has only its regular compose file', load: async () => (await import('./init.js')).init},
	{name: 'check', summary: 'Pre-migration checklist: engine, containers, compose files, Dockerfiles, memory, ports, disk', load: async () => (await import('./check.js')).check},
	{name: 'convert', summary: 'Convert a Dockerfile to its Alpine variant and report musl compatibility', load: async () => (await import('./convert.js')).convert},
	{name: 'migrate', summary: 'Enable Alpine, build, start, wait healthy and verify (resumes where it stopped)', load: async () => (await import('./migrate.js')).migrate},
	{name: 'verify', summary: 'Verify the running stack: healthy, endpoints 200, smoke tests, startup/memory/image sizes', load: async () => (await import('./verify.js')).verify},
	{name: 'up', summary: 'Start the chosen variant and wait until healthy (docker_manual.py start)', load: async () => (await import('./lifecycle.js')).up},
	{name: 'down', summary: 'Stop and remove the containers of the chosen variant, or of every variant (volumes kept)', load: async () => (await import('./lifecycle.js')).down},
	{name: 'restart', summary: 'Stop what of the project runs, then start the chosen variant', load: async () => (await import('./lifecycle.js')).restart},
	{name: 'clean', summary: "Remove the chosen variant's containers, networks and volumes (down -v), after confirmation", load: async () => (await import('./lifecycle.js')).clean},
	{name: 'bench', summary: "Benchmark regular against Alpine side by side, held against the guide's targets", load: async () => (await import('./bench.js')).bench},
	{name: 'top', summary: 'Live container view: CPU, memory, I/O, health and variant of each container', load: async () => (await import('./top.js')).top},
	{name: 'rollout', summary: "Production rollout on Docker Swarm: canary first, then Swarm's rolling update, automatic rollback", load: async () => (await import('./rollout.js')).rollout},
	{name: 'rollback', summary: 'Roll back to the regular images: --emergency, or --permanent (volumes backed up first)', load: async () => (await import('./rollback.js')).rollback},
	{name: 'restore', summary: 'Recreate volumes from the backups a permanent rollback wrote', load: async () => (await import('./restore.js')).restore},
	{name: 'doctor', summary: 'Troubleshoot: missing images, glibc on musl, performance, Alpine-only failures, musl pitfalls', load: async () => (await import('./doctor.js')).doctor},
	{name: 'train', summary: 'Alpine training: sh, apk, package names, musl, busybox, each with a live exercise', load: async () => (await import('./train.js')).train},
	{name: 'report', summary: 'Performance dashboard against the alerting thresholds; --watch alerts on crossings', load: async () => (await import('./report.js')).report},
	{name: 'ci', summary: 'ci init: write a GitHub Actions workflow that tests on the Alpine stack', load: async () => (await import('./ci.js')).ci},
];

export function findCommand(name: string): CommandEntry | undefined {
	return commands.find(command => command.name === name);
}
