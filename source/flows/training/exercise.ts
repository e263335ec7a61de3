import {userInfo} from 'node:os';
import {stripControl} from '../../format.js';
import type {ContainerInfo} from '../../docker/types.js';
import {demuxLogs, projectContainers} from '../stack.js';
import type {FlowContext} from '../types.js';
import type {Module} from './modules.js';

export type ExerciseResult = {module: string; container: string; command: string[]; exitCode: number; output: string[]; passed: boolean};

/** The container exercises run in: a running one of the project's Alpine stacks. */
export function exerciseContainer(context: FlowContext): ContainerInfo | undefined {
	const snapshot = context.store.getSnapshot();
	for (const variant of ['alpine', 'alpineTest'] as const) {
		const running = projectContainers(snapshot, context.project.projectNames[variant]).find(container => container.state === 'running');
		if (running) return running;
	}

	return undefined;
}

/** Runs a module's exercise through the engine's exec API (argument array, no host shell). */
export async function runExercise(context: FlowContext, module: Module, container: ContainerInfo): Promise<ExerciseResult> {
	const exec = await context.docker.getContainer(container.id).exec({Cmd: module.exercise.command, AttachStdout: true, AttachStderr: true, Tty: false});
	const stream = await exec.start({hijack: true, stdin: false});
	const chunks: Buffer[] = [];
	await new Promise<void>((resolve, reject) => {
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		stream.on('end', resolve);
		stream.on('error', reject);
	});
	const {ExitCode} = await exec.inspect();
	const output = demuxLogs(Buffer.concat(chunks)).map(line => stripControl(line));
	const exitCode = ExitCode ?? 1;
	const passed = exitCode === 0 && (!module.exercise.expect || module.exercise.expect.test(output.join('\n')));
	return {module: module.id, container: container.name, command: module.exercise.command, exitCode, output, passed};
}

export function engineerName(explicit?: string): string {
	return explicit ?? process.env.ALPINIST_ENGINEER ?? process.env.USER ?? process.env.USERNAME ?? userInfo().username;
}

/** Records a finished module; the training counts as completed when every module is done. */
export function recordModule(context: FlowContext, engineer: string, moduleId: string, allModules: string[]): void {
	context.progress.update(progress => {
		const training = (progress.trainings[engineer] ??= {modules: {}});
		training.modules[moduleId] = new Date().toISOString();
		if (allModules.every(id => training.modules[id])) training.completedAt ??= new Date().toISOString();
	});
}

/** A command as a person would type it: arguments with spaces or quotes in single quotes. */
export function showCommand(command: string[]): string {
	return command.map(arg => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`)).join(' ');
}
