import {footprintLines, type Footprint, measureStackFootprint, registryOf} from '../footprint.js';
import {engineOutcome} from '../engine.js';
import {formatMB, formatMs} from '../../format.js';
import {type Variant, variantLabel} from '../../project/discover.js';
import type {ProgressStore} from '../../project/progress.js';
import {describeMeasurement, type Measurement, measure} from '../measurements.js';
import {formatDate} from '../migrate-plan.js';
import {recordedStep} from '../recorded-step.js';
import {
	composeForVariant,
	composeServices,
	type EndpointCheck,
	type ImageSize,
	imageSizes,
	measureMemory,
	type MemoryReading,
	projectContainers,
	runningVariants,
} from '../stack.js';
import {describeStack, type StackState, stackSummary} from '../stack-state.js';
import {endpointsAnswer, smokePasses} from './checks.js';
import type {BaseEvent, Flow, FlowContext} from '../types.js';
import {chooseVariant, isExplicit} from '../variant-choice.js';

/**
 * The guide's Step 2, "Verify Alpine deployment": every container healthy, every health endpoint
 * HTTP 200, the smoke tests pass; then startup, memory and image sizes against its expectations.
 * Runs inside `migrate` and on its own (`alpinist verify`) on whichever variant is up.
 */

export type VerifyReport = {
	variant: Variant;
	projectName: string;
	ok: boolean;
	stack: StackState;
	endpoints: EndpointCheck[];
	smoke?: {exitCode: number; passed: number; failed: number; durationMs: number; command: string[]; tail: string[]};
	memory?: MemoryReading;
	images: ImageSize[];
	/** The stack's real footprint (distinct layers once) and, with a registry, its compressed pull size. */
	footprint?: Footprint;
	measurements: Measurement[];
};

export type VerifyOptions = {
	variant: Variant;
	projectName: string;
	services: string[];
	/** Step ids are `<idPrefix>.health`, `.endpoints`, `.smoke`, `.measure`. */
	idPrefix: string;
	startupMs?: number;
	startupNote?: string;
	/** Read the compressed pull size from this registry's manifests (HOST:PORT). */
	registry?: string;
};

export async function* verifySteps(context: FlowContext, options: VerifyOptions): AsyncGenerator<BaseEvent, VerifyReport, void> {
	const {projectName, variant, idPrefix} = options;
	const containers = () => projectContainers(context.store.getSnapshot(), projectName);
	const stack = describeStack(projectName, containers(), options.services);
	const report: VerifyReport = {variant, projectName, ok: true, stack, endpoints: [], images: [], measurements: []};
	const fail = () => {
		report.ok = false;
	};

	const health = yield* recordedStep(
		context,
		`${idPrefix}.health`,
		'Every container reports healthy',
		async () => {
			const unhealthy = stack.services.filter(service => !service.ready);
			const unchecked = stack.services.filter(service => service.ready && service.health === 'none');
			const detail = stack.services.map(service => `${service.service.padEnd(12)} ${service.container ?? '(no container)'}  ${service.state}${service.health === 'none' ? '' : ` (${service.health})`}`);
			if (unhealthy.length > 0) return {status: 'fail', summary: stackSummary(stack), detail};
			if (unchecked.length > 0) return {status: 'warn', summary: `${unchecked.map(s => s.service).join(', ')} running without a healthcheck`, detail};
			return {status: 'pass', summary: `${stack.services.length}/${stack.services.length} healthy`, detail};
		},
		{record: false},
	);
	if (health.status === 'fail' || health.status === 'interrupted') fail();

	const endpoints = yield* recordedStep(
		context,
		`${idPrefix}.endpoints`,
		'Health endpoints answer HTTP 200',
		async () => {
			const result = await endpointsAnswer(context, containers());
			report.endpoints = result.value ?? [];
			return result;
		},
		{record: false},
	);
	if (endpoints.status === 'fail' || endpoints.status === 'interrupted') fail();

	const smoke = yield* recordedStep(
		context,
		`${idPrefix}.smoke`,
		'Smoke tests pass',
		async emit => {
			const result = await smokePasses(context, report.endpoints, line => emit({type: 'log', step: `${idPrefix}.smoke`, source: 'smoke', line}));
			const run = result.value;
			if (run) report.smoke = {exitCode: run.exitCode, passed: run.passed, failed: run.failed, durationMs: run.durationMs, command: run.command, tail: run.output.slice(-10)};
			return result;
		},
		{record: false},
	);
	if (smoke.status === 'fail' || smoke.status === 'interrupted') fail();

	const measured = yield* recordedStep(
		context,
		`${idPrefix}.measure`,
		'Startup, memory and image sizes',
		async () => {
			const running = containers().filter(container => container.state === 'running');
			const [memory, images] = await Promise.all([measureMemory(context, running), imageSizes(context, running)]);
			report.memory = memory;
			report.images = images;
			report.footprint = await measureStackFootprint(context, images, options.registry);
			report.measurements = measure({
				variant,
				config: context.project.config,
				startupMs: options.startupMs,
				startupNote: options.startupNote,
				memory: {total: memory.total, containers: memory.containers.length},
				images,
			});
			const warned = report.measurements.filter(row => row.status === 'warn');
			const summary = `startup ${options.startupMs === undefined ? 'not measured' : formatMs(options.startupMs)}, memory ${formatMB(memory.total)}, ${images.map(image => `${image.service} ${formatMB(image.bytes)}`).join(', ')}`;
			return {status: warned.length > 0 ? 'warn' : 'pass', summary, detail: [...report.measurements.map(describeMeasurement), ...footprintLines(report.footprint)]};
		},
		{record: false},
	);
	if (measured.status === 'fail' || measured.status === 'interrupted') fail();
	return report;
}

/** The startup measured when these very containers were started (by `up` or `migrate`), if recorded. */
export function recordedStartup(progress: ProgressStore, projectName: string, containerIds: string[]): {startupMs: number; step: string; at: string} | undefined {
	const current = [...containerIds].sort().join(',');
	if (!current) return undefined;
	for (const [id, record] of Object.entries(progress.get().steps)) {
		const data = record.data as {projectName?: string; startupMs?: number; containerIds?: string[]} | undefined;
		if (!data?.startupMs || data.projectName !== projectName || !data.containerIds) continue;
		if ([...data.containerIds].sort().join(',') === current) return {startupMs: data.startupMs, step: id, at: record.at};
	}

	return undefined;
}

/** Which running variant to verify: the one asked for, else the default when it runs, else the first up. */
export function pickVariant(running: Variant[], choice: ReturnType<typeof chooseVariant>): {variant?: Variant; reason: string} {
	if (isExplicit(choice)) {
		return running.includes(choice.variant)
			? {variant: choice.variant, reason: choice.reason}
			: {reason: `the ${variantLabel[choice.variant]} stack is not up (asked for by ${choice.reason}): start it with \`alpinist up${choice.variant === 'alpine' ? ' --alpine' : ' --no-alpine'}\``};
	}

	if (running.includes(choice.variant)) return {variant: choice.variant, reason: choice.reason};
	const order: Variant[] = ['alpine', 'alpineTest', 'regular'];
	const first = order.find(variant => running.includes(variant));
	return first ? {variant: first, reason: 'the variant that is up'} : {reason: 'nothing of this project is running: start it with `alpinist up`'};
}

export type VerifyInput = {alpine?: boolean; env?: NodeJS.ProcessEnv; registry?: string};

export const verifyFlow: Flow<VerifyInput, VerifyReport | undefined> = async function* (context, input) {
	const unreachable = await engineOutcome<VerifyReport | undefined>(context);
	if (unreachable) return unreachable;
	const choice = chooseVariant({flag: input.alpine, env: input.env, recorded: context.progress.get().defaultVariant});
	const picked = pickVariant(runningVariants(context), choice);
	if (!picked.variant) return {ok: false, summary: `Nothing to verify: ${picked.reason}.`};
	const {variant} = picked;
	const projectName = context.project.projectNames[variant];
	yield {type: 'message', level: 'info', text: `Verifying the ${variantLabel[variant]} stack ${projectName} (${picked.reason}).`};
	const services = await composeServices(await composeForVariant(context, variant));
	const ids = projectContainers(context.store.getSnapshot(), projectName).map(container => container.id);
	const startup = recordedStartup(context.progress, projectName, ids);
	const report = yield* verifySteps(context, {
		variant,
		projectName,
		services,
		idPrefix: 'verify',
		registry: registryOf(context, input.registry),
		startupMs: startup?.startupMs,
		startupNote: startup
			? `measured when these containers were started (${startup.step}, ${formatDate(startup.at)})`
			: 'not measured: these containers were not started by a run that measured them (`alpinist restart` does)',
	});
	context.progress.recordStep(`verify.${variant}`, {
		status: report.ok ? (report.measurements.some(row => row.status === 'warn') ? 'warn' : 'pass') : 'fail',
		summary: report.ok ? 'verified' : 'verification failed',
		data: {projectName, measurements: report.measurements},
	});
	return {ok: report.ok, data: report, summary: report.ok ? `The ${variantLabel[variant]} stack is verified.` : `The ${variantLabel[variant]} stack failed verification.`};
};
