import {engineOutcome} from '../engine.js';
import {ExitCode} from '../exit-code.js';
import {runStep} from '../recorded-step.js';
import type {Flow, FlowEvent} from '../types.js';
import {type ExerciseResult, exerciseContainer, recordModule, runExercise, showCommand} from './exercise.js';
import {type Module, modules as allModules} from './modules.js';

export type TrainInput = {modules: Module[]; engineer: string};

/** A module's exercise as it ended, with what the engineer reads beside it. */
export type ModuleResult = ExerciseResult & {title: string; lesson: string[]; tryIt: string};

export type TrainOutput = {
	engineer: string;
	container: string;
	results: ModuleResult[];
	/** When the training was completed (every module done), if it was. */
	completedAt?: string;
	modulesDone: number;
	modulesTotal: number;
};

/** The training's data events, per module: its exercise starts, each line it printed, how it ended. */
export type TrainEvents = {
	'train.started': {module: string; title: string; container: string; command: string};
	'train.output': {module: string; line: string};
	'train.result': ModuleResult;
};

export const noExerciseContainer = 'No container of the Alpine stack runs: the exercises run in one. Start it: alpinist up --alpine';

/**
 * The guide's team training: each module's exercise runs (one step each) in a running container
 * of the project's Alpine stack, and a passed one is recorded for the engineer. The command runs
 * every module (or one), the screen the one selected.
 */
export const trainFlow: Flow<TrainInput, TrainOutput, TrainEvents> = async function* (context, input) {
	const unreachable = await engineOutcome<TrainOutput>(context);
	if (unreachable) return unreachable;
	const container = exerciseContainer(context);
	if (!container) {
		yield {type: 'message', level: 'error', text: noExerciseContainer};
		return {ok: false, exitCode: ExitCode.failed};
	}

	const ids = allModules.map(module => module.id);
	const results: ModuleResult[] = [];
	for (const module of input.modules) {
		const end = yield* runStep<ModuleResult, FlowEvent<TrainEvents>>(
			`train.${module.id}`,
			module.title,
			async emit => {
				emit({type: 'data', kind: 'train.started', data: {module: module.id, title: module.title, container: container.name, command: showCommand(module.exercise.command)}});
				const exercise = await runExercise(context, module, container);
				for (const line of exercise.output) emit({type: 'data', kind: 'train.output', data: {module: module.id, line}});
				const result: ModuleResult = {...exercise, title: module.title, lesson: module.lesson, tryIt: module.exercise.tryIt(container.name)};
				if (result.passed) recordModule(context, input.engineer, module.id, ids);
				emit({type: 'data', kind: 'train.result', data: result});
				return {status: result.passed ? 'pass' : 'fail', summary: result.passed ? 'done — recorded' : `exit ${result.exitCode}: not as expected`, value: result};
			},
			{signal: context.signal},
		);
		if (!end.value) return {ok: false, exitCode: end.status === 'interrupted' ? ExitCode.interrupted : ExitCode.failed, summary: `${module.title}: ${end.summary ?? 'failed'}`};
		results.push(end.value);
	}

	const training = context.progress.get().trainings[input.engineer];
	const ok = results.every(result => result.passed);
	return {
		ok,
		exitCode: ok ? ExitCode.ok : ExitCode.failed,
		data: {
			engineer: input.engineer,
			container: container.name,
			results,
			completedAt: training?.completedAt,
			modulesDone: allModules.filter(module => training?.modules[module.id]).length,
			modulesTotal: allModules.length,
		},
	};
};
