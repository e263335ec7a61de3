import path from 'node:path';
import {formatMB} from '../format.js';
import {type BuildData, type BuiltImage, buildableServices, buildImages, missingImages} from './build.js';
import {drain} from './drain.js';
import {engineOutcome} from './engine.js';
import {type Cause, realCause} from './real-cause.js';
import {ExitCode} from './exit-code.js';
import {type BuildRecord, checkGate, formatDate, migrateSteps, planResume, staleBuildMessage, titleOf} from './migrate-plan.js';
import {composeImageNames, staleImageNames} from '../docker/image-names.js';
import {recordedStep, skippedStep} from './recorded-step.js';
import {composeForVariant, projectContainers, type WaitFailure} from './stack.js';
import {describeStack, type StackState, stackSummary} from './stack-state.js';
import {publishedPorts, regularPortClash, stopRegularForPorts} from './port-handover.js';
import {type StartData, startAndWait} from './start.js';
import type {Flow, FlowContext, FlowEvent, FlowOutcome, MessageEvent} from './types.js';
import {chooseVariant, isExplicit} from './variant-choice.js';
import {recordedStartup, type VerifyReport, verifySteps} from './verify/verify.js';

/**
 * The guide's Migration Steps 1 and 2 as one resumable flow:
 * enable → build → start → wait healthy → verify.
 *
 * Every step is recorded `running` when it starts and with its result when it ends, so the next
 * run knows where the last one stopped: steps already passed are skipped with a line saying so
 * (built images are checked to still exist first), and a half-started stack is reported.
 *
 * "Enable Alpine mode" checks and records the Alpine compose project; the project's default
 * variant becomes Alpine only once the stack is verified, so that a migration that failed half-way
 * never makes `alpinist up` start a broken stack.
 */

export type MigrateInput = {forceRebuild?: boolean; skipCheck?: boolean; alpine?: boolean; env?: NodeJS.ProcessEnv};

/** The data events of a migration: the images as they are built, the services' health as it changes. */
export type MigrateEvents = BuildData & StartData;
export type MigrateEvent = FlowEvent<MigrateEvents>;

export type MigrateData = {
	projectName: string;
	composeFile?: string;
	skipped: string[];
	interrupted?: {id: string; status: string; at: string};
	halfStarted?: StackState;
	images: Array<Pick<BuiltImage, 'service' | 'image' | 'bytes'>>;
	startupMs?: number;
	failure?: WaitFailure;
	verify?: VerifyReport;
	stack?: StackState;
	defaultVariant: 'regular' | 'alpine';
};

function stackNow(context: FlowContext, projectName: string, services: string[]): StackState {
	return describeStack(projectName, projectContainers(context.store.getSnapshot(), projectName), services);
}

/** Ctrl+C: say where it stopped, what state the stack is in, and how to go on. */
function interrupted(context: FlowContext, data: MigrateData, services: string[], after: string): {events: MessageEvent[]; outcome: FlowOutcome<MigrateData>} {
	const stack = stackNow(context, data.projectName, services);
	data.stack = stack;
	const events: MessageEvent[] = [];
	if (stack.half) events.push({type: 'message', level: 'warn', text: `The Alpine stack ${stack.projectName} is left half-started: ${stackSummary(stack)}. \`alpinist migrate\` resumes; \`alpinist down --alpine\` stops it.`});
	else if (stack.healthy) events.push({type: 'message', level: 'info', text: `The Alpine stack ${stack.projectName} is up and healthy.`});
	else events.push({type: 'message', level: 'info', text: `No container of ${stack.projectName} is running.`});
	return {events, outcome: {ok: false, exitCode: ExitCode.interrupted, summary: `Interrupted after: ${after}. Run \`alpinist migrate\` again to resume.`, data}};
}

export const migrateFlow: Flow<MigrateInput, MigrateData, MigrateEvents> = async function* (context, input) {
	const {project, progress, signal} = context;
	const projectName = project.projectNames.alpine;
	const forceRebuild = Boolean(input.forceRebuild);
	const data: MigrateData = {projectName, composeFile: project.compose.alpine, skipped: [], images: [], defaultVariant: progress.get().defaultVariant};
	const stop = (summary: string, exitCode: number): FlowOutcome<MigrateData> => ({ok: false, exitCode, summary, data});

	let choice;
	try {
		choice = chooseVariant({flag: input.alpine, env: input.env, recorded: data.defaultVariant});
	} catch (error) {
		return stop((error as Error).message, ExitCode.usage);
	}

	if (isExplicit(choice) && choice.variant === 'regular') {
		return stop(`migrate moves the project to Alpine, but ${choice.reason} asks for the regular images. Unset it (or use \`alpinist up --no-alpine\` to run the regular stack).`, ExitCode.usage);
	}

	if (!project.compose.alpine) return stop('The project has no Alpine compose file (docker-compose.alpine.yml): convert the Dockerfiles and write one first.', ExitCode.usage);

	const gate = checkGate({all: progress.step('check.all'), override: progress.step('check.override')}, Boolean(input.skipCheck));
	if (!gate.allowed) {
		yield {type: 'message', level: 'error', text: gate.message};
		return stop('Refused: the pre-migration checklist failed.', ExitCode.failed);
	}

	if (gate.message) yield {type: 'message', level: gate.override ? 'warn' : 'info', text: gate.message};
	// --skip-check lets this run through, once: it is kept in the history, not as an override the next run would read.
	if (gate.override && !context.dryRun) {
		progress.append('override', {by: 'migrate --skip-check', checklist: progress.step('check.all')?.summary ?? null});
	}

	const unreachable = await engineOutcome(context, data);
	if (unreachable) return unreachable;

	const compose = await composeForVariant(context, 'alpine');
	let config: any;
	let configError: string | undefined;
	try {
		config = await compose.config({signal});
	} catch (error) {
		configError = (error as Error).message;
	}

	const services = Object.keys(config?.services ?? {});
	const records = Object.fromEntries(migrateSteps.map(step => [step.id, progress.step(step.id)]));
	const buildRecord = records['migrate.build']?.data as BuildRecord | undefined;
	const recordedImages = buildRecord?.images ?? [];
	// A recorded build is trusted only when its images are those the Compose in use will run.
	const imageNames = config ? await composeImageNames(compose, config, buildableServices(config), {signal}) : {};
	const stale = staleImageNames(recordedImages, imageNames);
	if (stale.length > 0) yield {type: 'message', level: 'warn', text: staleBuildMessage(stale, buildRecord?.compose, compose.options.cli)};
	const plan = planResume({
		records,
		missingImages: [...new Set([...(await missingImages(context, recordedImages)), ...stale.map(image => image.service)])],
		stack: stackNow(context, projectName, services),
		forceRebuild,
	});
	if (plan.interrupted) data.interrupted = {id: plan.interrupted.id, status: plan.interrupted.status, at: plan.interrupted.at};
	if (plan.halfStarted) data.halfStarted = stackNow(context, projectName, services);
	for (const line of plan.lines) yield {type: 'message', level: line.level, text: line.text};

	if (context.dryRun) {
		const runs = (id: string, skip: boolean, what: string) => `${skip ? 'skip' : 'run '} ${titleOf(id)}${skip ? '' : `: ${what}`}`;
		const lines = [
			runs('migrate.enable', plan.skipEnable && !configError, `check ${path.basename(project.compose.alpine)} (${services.join(', ') || 'no services'})`),
			runs('migrate.build', plan.skipBuild, buildableServices(config).map(service => compose.describe(['build', ...(forceRebuild ? ['--no-cache'] : []), service])).join(' ; ')),
			runs('migrate.start', plan.skipStart, compose.describe(['up', '-d', '--no-build'])),
			runs('migrate.healthy', plan.skipStart, `follow health_status events of ${projectName}`),
			runs('migrate.verify', false, 'health endpoints, smoke tests, startup, memory, image sizes'),
		];
		const clash = plan.skipStart ? undefined : regularPortClash(context, publishedPorts(config));
		if (clash) lines.splice(2, 0, `run  Stop the regular stack: ${project.projectNames.regular} holds ports ${clash.ports.join(', ')} that the Alpine stack publishes`);
		for (const text of lines) yield {type: 'message', level: 'info', text: `dry run: ${text}`};
		return {ok: true, summary: 'Dry run: nothing was built, started or recorded.', data};
	}

	// 1. Enable Alpine mode
	if (plan.skipEnable && !configError) {
		data.skipped.push('migrate.enable');
		yield skippedStep('migrate.enable', titleOf('migrate.enable'), `done at ${formatDate(records['migrate.enable']!.at)}`);
	} else {
		const enable = yield* recordedStep(context, 'migrate.enable', titleOf('migrate.enable'), async () => {
			if (configError) return {status: 'fail', summary: 'compose cannot read the Alpine file', detail: configError!.split('\n')};
			if (services.length === 0) return {status: 'fail', summary: `${path.basename(project.compose.alpine!)} defines no services`};
			return {
				status: 'pass',
				summary: `${path.basename(project.compose.alpine!)}: ${services.join(', ')} as compose project ${projectName}`,
				detail: ['Alpine becomes the project default once the stack is verified.'],
				data: {composeFile: project.compose.alpine, projectName, services, choice: choice.reason},
			};
		});
		if (enable.status !== 'pass') return stop(enable.status === 'interrupted' ? 'Interrupted.' : 'Alpine mode could not be enabled.', enable.status === 'interrupted' ? ExitCode.interrupted : ExitCode.failed);
	}

	if (signal.aborted) return yield* finish(interrupted(context, data, services, titleOf('migrate.enable')));

	// 2. Build Alpine images
	if (plan.skipBuild) {
		data.skipped.push('migrate.build');
		data.images = recordedImages;
		yield skippedStep('migrate.build', titleOf('migrate.build'), `built at ${formatDate(records['migrate.build']!.at)}, still in the engine: ${recordedImages.map(i => `${i.service} ${formatMB(i.bytes)}`).join(', ')}`);
	} else {
		const buildable = buildableServices(config);
		let buildCause: Cause | undefined;
		const build = yield* recordedStep<unknown, MigrateEvent>(context, 'migrate.build', titleOf('migrate.build'), async emit => {
			if (buildable.length === 0) return {status: 'pass', summary: 'no service has a build section: images are pulled at start', data: {images: []}};
			const result = await buildImages(context, compose, {services: buildable, config, names: imageNames, noCache: forceRebuild, step: 'migrate.build', emit});
			data.images = result.images;
			if (!result.ok) {
				buildCause = await realCause(context.docker, result.lines.join('\n'));
				const why = buildCause ? `: ${buildCause.text}` : '';
				return {status: 'fail', summary: `${result.service} did not build (exit ${result.exitCode})${why}`, detail: [`$ ${result.command}`, ...result.lines], data: {images: result.images, cause: buildCause}};
			}

			return {
				status: 'pass',
				summary: `${result.images.map(image => `${image.service} ${formatMB(image.bytes)}`).join(', ')}${forceRebuild ? ' (no cache)' : ''}`,
				detail: result.images.map(image => `${image.service.padEnd(12)} ${image.image}  ${formatMB(image.bytes)}`),
				// Which Compose built them: a later run with another one checks the names it will use.
				data: {images: result.images, noCache: forceRebuild, compose: {version: compose.options.cli.version, versionString: compose.options.cli.versionString}},
			};
		});
		if (build.status === 'interrupted') return yield* finish(interrupted(context, data, services, 'the build was stopped'));
		if (build.status !== 'pass') {
			if (buildCause?.kind === 'engine-gone') return stop(`The Alpine images did not build: ${buildCause.text} during the build.`, ExitCode.engineUnreachable);
			return stop('The Alpine images did not build: see the build output above.', ExitCode.failed);
		}
	}

	if (signal.aborted) return yield* finish(interrupted(context, data, services, titleOf('migrate.build')));

	// 3 and 4. Start the Alpine stack, wait until every service is healthy
	let startupNote: string | undefined;
	if (plan.skipStart) {
		data.skipped.push('migrate.start', 'migrate.healthy');
		yield skippedStep('migrate.start', titleOf('migrate.start'), 'already up');
		yield skippedStep('migrate.healthy', titleOf('migrate.healthy'), 'every service is healthy');
		const ids = projectContainers(context.store.getSnapshot(), projectName).map(container => container.id);
		const recorded = recordedStartup(progress, projectName, ids);
		data.startupMs = recorded?.startupMs;
		startupNote = recorded ? `measured when these containers were started (${formatDate(recorded.at)})` : 'not measured: the stack was already up';
	} else {
		const clash = regularPortClash(context, publishedPorts(config));
		if (clash && !(yield* stopRegularForPorts(context, clash))) {
			return stop(`The Alpine stack cannot start: the regular stack ${project.projectNames.regular} holds ports ${clash.ports.join(', ')} and was not stopped.`, 1);
		}

		const started = yield* startAndWait(context, compose, {
			projectName,
			services,
			ids: {start: 'migrate.start', healthy: 'migrate.healthy'},
			titles: {start: titleOf('migrate.start'), healthy: titleOf('migrate.healthy')},
			record: true,
		});
		data.stack = started.stack;
		if (started.interrupted) return yield* finish(interrupted(context, data, services, 'the start was stopped'));
		if (!started.ok) {
			data.failure = started.failure;
			if (started.stack.half || started.stack.healthy) {
				yield {type: 'message', level: 'warn', text: `The Alpine stack ${projectName} is left as it is for troubleshooting: ${stackSummary(started.stack)}.`};
			}

			yield {type: 'message', level: 'info', text: 'Troubleshoot: `alpinist doctor` · roll back to the regular stack: `alpinist rollback` · stop it: `alpinist down --alpine`'};
			if (started.upCause) return stop(`The Alpine stack did not start: ${started.upCause.text}.`, started.upCause.kind === 'engine-gone' ? ExitCode.engineUnreachable : ExitCode.failed);
			return stop(started.failure ? `${started.failure.service} did not become healthy (${started.failure.reason}).` : 'The Alpine stack did not start.', ExitCode.failed);
		}

		data.startupMs = started.startupMs;
	}

	if (signal.aborted) return yield* finish(interrupted(context, data, services, titleOf('migrate.healthy')));

	// 5. Verify
	const verify = yield* recordedStep(context, 'migrate.verify', titleOf('migrate.verify'), async emit => {
		const report = await drain(verifySteps(context, {variant: 'alpine', projectName, services, idPrefix: 'migrate.verify', startupMs: data.startupMs, startupNote}), emit);
		data.verify = report;
		const warned = report.measurements.filter(row => row.status === 'warn');
		const memory = report.memory?.total;
		const recorded = {
			projectName,
			startupMs: data.startupMs,
			memoryBytes: memory,
			images: report.images.map(image => ({service: image.service, image: image.image, bytes: image.bytes})),
			measurements: report.measurements,
		};
		if (!report.ok) return {status: 'fail', summary: 'the Alpine stack failed verification', value: report, data: recorded};
		return {status: warned.length > 0 ? 'warn' : 'pass', summary: warned.length > 0 ? `verified; ${warned.map(row => row.name).join(', ')} above expectation` : 'verified; every figure within the guide’s expectations', value: report, data: recorded};
	});
	if (verify.status === 'interrupted') return yield* finish(interrupted(context, data, services, 'the verification was stopped'));
	data.stack = stackNow(context, projectName, services);
	if (verify.status === 'fail') {
		yield {type: 'message', level: 'info', text: 'Troubleshoot: `alpinist doctor` · roll back: `alpinist rollback`'};
		return stop('The Alpine stack is up but failed verification.', ExitCode.failed);
	}

	const wasDefault = progress.get().defaultVariant === 'alpine';
	progress.setDefaultVariant('alpine');
	data.defaultVariant = 'alpine';
	yield {
		type: 'message',
		level: 'info',
		text: `${wasDefault ? 'Alpine stays the project default' : 'Alpine mode is enabled: the project default is now Alpine'} (\`alpinist up\` starts it; --no-alpine or USE_ALPINE=false overrides).`,
	};
	return {ok: true, summary: `Migrated: the Alpine stack ${projectName} is up, healthy and verified.`, data};
};

async function* finish(result: {events: MessageEvent[]; outcome: FlowOutcome<MigrateData>}): AsyncGenerator<MessageEvent, FlowOutcome<MigrateData>, void> {
	for (const event of result.events) yield event;
	return result.outcome;
}
