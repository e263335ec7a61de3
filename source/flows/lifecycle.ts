import {formatMB, formatMs} from '../format.js';
import {type Variant, variantLabel, variants} from '../project/discover.js';
import {type BuildData, buildableServices, buildImages, imageIds} from './build.js';
import {engineOutcome} from './engine.js';
import {ExitCode} from './exit-code.js';
import {recordedStep} from './recorded-step.js';
import {composeForVariant, projectContainers} from './stack.js';
import {describeStack, type StackState, stackSummary} from './stack-state.js';
import {type StartData, startAndWait} from './start.js';
import type {Flow, FlowContext, FlowEvent, FlowOutcome} from './types.js';
import {chooseVariant, isExplicit, type VariantChoice} from './variant-choice.js';

/**
 * The everyday commands of the guide's `scripts/docker_manual.py`, for the chosen variant
 * (--alpine / --no-alpine > USE_ALPINE > the project's default):
 *   up       start (building missing images; --force-rebuild builds without cache) and wait healthy
 *   down     stop and remove the containers (volumes and images are kept)
 *   restart  down whatever of the project runs, then up the chosen variant (how USE_ALPINE=true
 *            followed by a restart switches a developer to Alpine)
 *   clean    down -v --remove-orphans of that variant: containers, networks and its volumes (data),
 *            listed first, confirmed, --dry-run shows them only
 */

export type LifecycleInput = {alpine?: boolean; env?: NodeJS.ProcessEnv; forceRebuild?: boolean};

export type LifecycleData = {
	variant?: Variant;
	projectName?: string;
	choice?: string;
	startupMs?: number;
	stack?: StackState;
	stopped?: string[];
	removed?: string[];
	alreadyUp?: boolean;
};

type Outcome = FlowOutcome<LifecycleData>;

function choose(context: FlowContext, input: LifecycleInput): VariantChoice {
	return chooseVariant({flag: input.alpine, env: input.env, recorded: context.progress.get().defaultVariant});
}

/** Variants of this project that have containers (running or not). */
function presentVariants(context: FlowContext): Variant[] {
	const snapshot = context.store.getSnapshot();
	return variants.filter(variant => projectContainers(snapshot, context.project.projectNames[variant]).length > 0);
}

const flagFor = (variant: Variant) => (variant === 'regular' ? '--no-alpine' : '--alpine');

/** The data events of up/restart: the images as they are built, the services' health as it changes. */
export type LifecycleEvents = BuildData & StartData;
type LifecycleEvent = FlowEvent<LifecycleEvents>;

async function* upSteps(context: FlowContext, variant: Variant, input: LifecycleInput, data: LifecycleData): AsyncGenerator<LifecycleEvent, Outcome, void> {
	const projectName = context.project.projectNames[variant];
	const compose = await composeForVariant(context, variant);
	const config = await compose.config({signal: context.signal});
	const services = Object.keys(config?.services ?? {});
	const before = describeStack(projectName, projectContainers(context.store.getSnapshot(), projectName), services);
	if (before.healthy && !input.forceRebuild) {
		data.alreadyUp = true;
		data.stack = before;
		return {ok: true, summary: `The ${variantLabel[variant]} stack ${projectName} is already up and healthy (${stackSummary(before)}).`, data};
	}

	if (context.dryRun) {
		yield {type: 'message', level: 'info', text: `dry run: would run ${compose.describe(['up', '-d', '--no-build'])} and wait until ${services.join(', ')} are healthy`};
		return {ok: true, summary: 'Dry run: nothing was started.', data};
	}

	const buildable = buildableServices(config);
	const present = await imageIds(context, compose, buildable, config);
	const missing = present.filter(image => !image.id).map(image => image.service);
	if (input.forceRebuild || missing.length > 0) {
		const build = yield* recordedStep<unknown, LifecycleEvent>(
			context,
			`up.${variant}.build`,
			input.forceRebuild ? 'Build images without cache' : `Build missing images (${missing.join(', ')})`,
			async emit => {
				const result = await buildImages(context, compose, {services: input.forceRebuild ? buildable : missing, config, noCache: Boolean(input.forceRebuild), step: `up.${variant}.build`, emit});
				if (!result.ok) return {status: 'fail', summary: `${result.service} did not build (exit ${result.exitCode})`, detail: result.lines};
				return {status: 'pass', summary: result.images.map(image => `${image.service} ${formatMB(image.bytes)}`).join(', ')};
			},
			{record: false},
		);
		if (build.status !== 'pass') return {ok: false, exitCode: build.status === 'interrupted' ? ExitCode.interrupted : ExitCode.failed, summary: 'The images did not build.', data};
	}

	const started = yield* startAndWait(context, compose, {
		projectName,
		services,
		ids: {start: `up.${variant}.start`, healthy: `up.${variant}.healthy`},
		titles: {start: `Start the ${variantLabel[variant]} stack`, healthy: 'Wait until every service is healthy'},
		record: true,
	});
	data.stack = started.stack;
	data.startupMs = started.startupMs;
	if (started.interrupted) return {ok: false, exitCode: ExitCode.interrupted, summary: `Interrupted: ${stackSummary(started.stack) || 'nothing started'}.`, data};
	if (!started.ok) {
		yield {type: 'message', level: 'info', text: `Left as it is for troubleshooting (\`alpinist doctor\`); \`alpinist down ${flagFor(variant)}\` stops it.`};
		if (started.upCause) return {ok: false, exitCode: started.upCause.kind === 'engine-gone' ? ExitCode.engineUnreachable : ExitCode.failed, summary: `The ${variantLabel[variant]} stack did not start: ${started.upCause.text}.`, data};
		return {ok: false, summary: `${started.failure?.service ?? 'A service'} did not become healthy.`, data};
	}

	return {ok: true, summary: `The ${variantLabel[variant]} stack ${projectName} is up: every service healthy ${formatMs(started.startupMs ?? 0)} after compose up (1 run, monotonic clock).`, data};
}

async function* downSteps(context: FlowContext, targets: Variant[], data: LifecycleData): AsyncGenerator<LifecycleEvent, Outcome | undefined, void> {
	data.stopped = [];
	for (const variant of targets) {
		const compose = await composeForVariant(context, variant);
		const containers = projectContainers(context.store.getSnapshot(), compose.projectName);
		if (context.dryRun) {
			yield {type: 'message', level: 'info', text: `dry run: would run ${compose.describe(['down', '--remove-orphans'])} (removes ${containers.map(c => c.name).join(', ') || 'no container'}; volumes kept)`};
			continue;
		}

		const down = yield* recordedStep(
			context,
			`down.${variant}`,
			`Stop the ${variantLabel[variant]} stack`,
			async emit => {
				const result = await compose.down({signal: context.signal, onLine: line => line.trim() && emit({type: 'log', step: `down.${variant}`, source: 'compose', line})});
				if (result.exitCode !== 0) return {status: 'fail', summary: `compose down exited ${result.exitCode}`, detail: result.stderr.split('\n').slice(-8)};
				// The store follows the engine's destroy events: go on once it has seen them all.
				await context.store.waitFor(snapshot => projectContainers(snapshot, compose.projectName).length === 0, {timeoutMs: 30_000, signal: context.signal});
				return {status: 'pass', summary: `${containers.length} container${containers.length === 1 ? '' : 's'} of ${compose.projectName} removed (volumes kept)`};
			},
			{record: false},
		);
		if (down.status !== 'pass') return {ok: false, exitCode: down.status === 'interrupted' ? ExitCode.interrupted : ExitCode.failed, summary: `The ${variantLabel[variant]} stack did not stop.`, data};
		data.stopped.push(compose.projectName);
	}

	return undefined;
}

export const upFlow: Flow<LifecycleInput, LifecycleData, LifecycleEvents> = async function* (context, input) {
	const unreachable = await engineOutcome<LifecycleData>(context);
	if (unreachable) return unreachable;
	const choice = choose(context, input);
	const data: LifecycleData = {variant: choice.variant, projectName: context.project.projectNames[choice.variant], choice: choice.reason};
	yield {type: 'message', level: 'info', text: `${variantLabel[choice.variant]} stack ${data.projectName} (${choice.reason}).`};
	return yield* upSteps(context, choice.variant, input, data);
};

export const downFlow: Flow<LifecycleInput, LifecycleData, LifecycleEvents> = async function* (context, input) {
	const unreachable = await engineOutcome<LifecycleData>(context);
	if (unreachable) return unreachable;
	const choice = choose(context, input);
	// Asked for a variant: that one. Otherwise whatever of the project has containers.
	const targets = isExplicit(choice) ? presentVariants(context).filter(variant => variant === choice.variant) : presentVariants(context);
	const data: LifecycleData = {choice: isExplicit(choice) ? choice.reason : 'every variant that has containers'};
	if (targets.length === 0) {
		return {ok: true, summary: isExplicit(choice) ? `The ${variantLabel[choice.variant]} stack has no containers: nothing to stop.` : 'Nothing of this project is running.', data};
	}

	const failed = yield* downSteps(context, targets, data);
	return failed ?? {ok: true, summary: context.dryRun ? 'Dry run: nothing was stopped.' : `Stopped ${data.stopped!.join(', ')}.`, data};
};

export const restartFlow: Flow<LifecycleInput, LifecycleData, LifecycleEvents> = async function* (context, input) {
	const unreachable = await engineOutcome<LifecycleData>(context);
	if (unreachable) return unreachable;
	const choice = choose(context, input);
	const data: LifecycleData = {variant: choice.variant, projectName: context.project.projectNames[choice.variant], choice: choice.reason};
	yield {type: 'message', level: 'info', text: `Restarting into the ${variantLabel[choice.variant]} stack ${data.projectName} (${choice.reason}).`};
	const failed = yield* downSteps(context, presentVariants(context), data);
	if (failed) return failed;
	return yield* upSteps(context, choice.variant, {...input, forceRebuild: input.forceRebuild}, data);
};

/** Everything `down -v --remove-orphans` removes for this compose project, found by its label. */
export async function cleanTargets(context: FlowContext, projectName: string): Promise<string[]> {
	const label = `com.docker.compose.project=${projectName}`;
	const [containers, volumes, networks] = await Promise.all([
		context.docker.listContainers({all: true, filters: {label: [label]}}),
		context.docker.listVolumes({filters: {label: [label]}}),
		context.docker.listNetworks({filters: {label: [label]}}),
	]);
	return [
		...containers.map(container => `container ${String(container.Names?.[0] ?? container.Id).replace(/^\//, '')} (${container.State})`),
		...(volumes.Volumes ?? []).map(volume => `volume ${volume.Name} (its data is deleted)`),
		...networks.map(network => `network ${network.Name}`),
	];
}

export const cleanFlow: Flow<LifecycleInput, LifecycleData, LifecycleEvents> = async function* (context, input) {
	const unreachable = await engineOutcome<LifecycleData>(context);
	if (unreachable) return unreachable;
	const choice = choose(context, input);
	const variant = choice.variant;
	const compose = await composeForVariant(context, variant);
	const data: LifecycleData = {variant, projectName: compose.projectName, choice: choice.reason};
	const items = await cleanTargets(context, compose.projectName);
	if (items.length === 0) return {ok: true, summary: `Nothing to clean: the ${variantLabel[variant]} stack ${compose.projectName} has no containers, volumes or networks.`, data};
	const command = compose.describe(['down', '--remove-orphans', '-v']);
	if (context.dryRun) {
		for (const item of items) yield {type: 'message', level: 'info', text: `dry run: would remove ${item}`};
		yield {type: 'message', level: 'info', text: `dry run: by running ${command}`};
		data.removed = [];
		return {ok: true, summary: `Dry run: ${items.length} item${items.length === 1 ? '' : 's'} would be removed; nothing was.`, data};
	}

	const yes = await context.confirm({title: `Clean the ${variantLabel[variant]} stack ${compose.projectName} (${choice.reason})`, items: [...items, `by running: ${command}`], action: 'remove', destructive: true});
	if (!yes) return {ok: false, exitCode: ExitCode.failed, summary: 'Not confirmed: nothing was removed (headless: pass --yes).', data};
	const clean = yield* recordedStep(
		context,
		`clean.${variant}`,
		`Clean the ${variantLabel[variant]} stack`,
		async emit => {
			const result = await compose.down({volumes: true, signal: context.signal, onLine: line => line.trim() && emit({type: 'log', step: `clean.${variant}`, source: 'compose', line})});
			if (result.exitCode !== 0) return {status: 'fail', summary: `compose down -v exited ${result.exitCode}`, detail: result.stderr.split('\n').slice(-8)};
			const left = await cleanTargets(context, compose.projectName);
			if (left.length > 0) return {status: 'fail', summary: `${left.length} items remain`, detail: left};
			return {status: 'pass', summary: `removed ${items.length} item${items.length === 1 ? '' : 's'}`, detail: items};
		},
		{record: false},
	);
	data.removed = clean.status === 'pass' ? items : [];
	return clean.status === 'pass' ? {ok: true, summary: `Cleaned ${compose.projectName}.`, data} : {ok: false, exitCode: clean.status === 'interrupted' ? ExitCode.interrupted : ExitCode.failed, summary: 'Clean failed.', data};
};
