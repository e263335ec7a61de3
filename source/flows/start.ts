import type {ComposeProject, ComposeRun} from '../docker/compose.js';
import {type Cause, engineGoneNow, realCause} from './real-cause.js';
import {formatMs} from '../format.js';
import {recordedStep} from './recorded-step.js';
import {type ServiceHealth, type WaitFailure, type WaitResult, projectContainers, waitHealthy} from './stack.js';
import {describeStack, type StackState} from './stack-state.js';
import type {FlowContext, FlowEvent} from './types.js';

/**
 * Starting a variant and waiting for it, shared by `up`, `restart` and `migrate`: two steps,
 * "start" (compose up -d) and "healthy" (every service healthy, from the engine's health_status
 * events), timed together from the moment `up` is called: that is the startup time.
 */

export type StartOutcome = {
	ok: boolean;
	interrupted: boolean;
	/** From `compose up` to the last service healthy, ms on the monotonic clock. */
	startupMs?: number;
	services: ServiceHealth[];
	failure?: WaitFailure;
	up?: Pick<ComposeRun, 'exitCode' | 'command' | 'stderr'>;
	/** Why compose up failed, when its output or the engine says (a port taken, the engine gone). */
	upCause?: Cause;
	/** The containers that came up (ids), to tell later whether a stack is the one that was measured. */
	containerIds: string[];
	/** The stack as it stood when the steps ended. */
	stack: StackState;
};

/** The data events of starting a stack: every service's health as it changes. */
export type StartData = {health: ServiceHealth[]};
export type StartEvent = FlowEvent<StartData>;

export type StartOptions = {
	projectName: string;
	services: string[];
	ids: {start: string; healthy: string};
	titles: {start: string; healthy: string};
	/** Write both steps to the progress store. */
	record: boolean;
};

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The health-check output and log lines of a failed service, as detail lines. */
export function failureDetail(failure: WaitFailure): string[] {
	const lines = [`${failure.service} (${failure.container}) ${failure.reason}${failure.exitCode ? `, exit code ${failure.exitCode}` : ''}`];
	if (failure.healthOutput.length > 0) {
		lines.push('health check output:');
		for (const output of failure.healthOutput) for (const line of output.split('\n').filter(Boolean)) lines.push(`  ${line}`);
	} else {
		lines.push(`health check output: none${failure.reason === 'exited' ? ' (the container exited before its first probe)' : ' recorded'}`);
	}

	if (failure.logs.length > 0) {
		lines.push(`last ${Math.min(failure.logs.length, 12)} log lines:`);
		for (const line of failure.logs.slice(-12)) lines.push(`  ${line}`);
	}

	return lines;
}

export async function* startAndWait(context: FlowContext, compose: ComposeProject, options: StartOptions): AsyncGenerator<StartEvent, StartOutcome, void> {
	const {projectName, services} = options;
	const before = projectContainers(context.store.getSnapshot(), projectName).map(container => container.id);
	const stopWaiting = new AbortController();
	let emit: (event: StartEvent) => void = () => {};
	let current = options.ids.start;
	let latest: ServiceHealth[] = [];
	let waiting: Promise<WaitResult> | undefined;
	let settled: WaitResult | undefined;
	const beginWaiting = (startedAt: number) => {
		waiting = waitHealthy(
			{...context, signal: AbortSignal.any([context.signal, stopWaiting.signal])},
			{
				projectName,
				services,
				startedAt,
				exclude: before,
				onChange(health) {
					latest = health;
					emit({type: 'data', kind: 'health', data: health});
					emit({type: 'progress', step: current, done: health.filter(service => service.readyAfterMs !== undefined).length, total: services.length, label: 'healthy'});
				},
			},
		);
		void waiting.then(result => {
			settled = result;
		});
		return waiting;
	};

	let up: ComposeRun | undefined;
	let upCause: Cause | undefined;
	const start = yield* recordedStep<unknown, StartEvent>(
		context,
		options.ids.start,
		options.titles.start,
		async push => {
			emit = push;
			const log = (line: string) => line.trim() && push({type: 'log', step: options.ids.start, source: 'compose', line});
			if (before.length > 0) {
				// Containers left from an earlier start would blur the measurement: remove them (volumes are kept).
				push({type: 'log', step: options.ids.start, line: `$ ${compose.describe(['down', '--remove-orphans'])}   (the ${before.length} existing containers go first; volumes are kept)`});
				const down = await compose.down({signal: context.signal, onLine: log});
				if (down.exitCode !== 0) return {status: 'fail', summary: `compose down exited ${down.exitCode}`, detail: down.stderr.split('\n').slice(-8)};
			}

			push({type: 'log', step: options.ids.start, line: `$ ${compose.describe(['up', '-d', '--no-build'])}`});
			const wait = beginWaiting(performance.now());
			up = await compose.up({signal: context.signal, onLine: log});
			if (up.exitCode === 0) return {status: 'pass', summary: `${plural(services.length, 'service')} started`, data: {projectName, command: up.command}};
			// compose gave up (a dependency unhealthy, a port taken…): describe the service that is not ready.
			const stoppedWaiting = !settled;
			if (stoppedWaiting) stopWaiting.abort();
			const result = await wait;
			const detail = [`compose up exited ${up.exitCode}:`, ...up.stderr.split('\n').filter(Boolean).slice(-8).map(line => `  ${line}`)];
			// A wait we stopped ourselves says "timeout": not a finding, so it is not shown as one.
			if (!result.ok && !(stoppedWaiting && result.failure.reason === 'timeout')) detail.push(...failureDetail(result.failure));
			upCause = await realCause(context.docker, up.stderr);
			return {status: 'fail', summary: `compose up exited ${up.exitCode}${upCause ? `: ${upCause.text}` : ''}`, detail, data: {projectName, command: up.command, cause: upCause}};
		},
		{record: options.record},
	);

	let result: WaitResult | undefined;
	let healthyStatus: string = 'skip';
	if (start.status === 'pass') {
		current = options.ids.healthy;
		const healthy = yield* recordedStep<unknown, StartEvent>(
			context,
			options.ids.healthy,
			options.titles.healthy,
			async push => {
				emit = push;
				push({type: 'data', kind: 'health', data: latest});
				result = await waiting!;
				if (result.ok) {
					const ids = projectContainers(context.store.getSnapshot(), projectName)
						.filter(container => !before.includes(container.id))
						.map(container => container.id);
					const slowest = [...result.services].sort((a, b) => (b.readyAfterMs ?? 0) - (a.readyAfterMs ?? 0))[0];
					return {
						status: 'pass',
						summary: `all ${services.length} healthy after ${formatMs(result.elapsedMs)} (from compose up; last: ${slowest?.service})`,
						detail: result.services.map(service => `${service.service.padEnd(12)} healthy after ${formatMs(service.readyAfterMs ?? 0)}`),
						data: {projectName, startupMs: result.elapsedMs, containerIds: ids, services: result.services},
					};
				}

				// A service that "exited" because the engine went away: say so.
				const gone = await engineGoneNow(context.docker);
				if (gone) upCause = {kind: 'engine-gone', text: `the Docker engine went away (${gone})`};
				return {
					status: 'fail',
					summary: `${result.failure.service} ${result.failure.reason}${upCause ? `: ${upCause.text}` : ''}`,
					detail: failureDetail(result.failure),
					data: {projectName, failure: result.failure},
				};
			},
			{record: options.record},
		);
		healthyStatus = healthy.status;
	}

	stopWaiting.abort();
	const final: WaitResult | undefined = result ?? (waiting ? await waiting : undefined);
	const containers = projectContainers(context.store.getSnapshot(), projectName).filter(container => !before.includes(container.id));
	const stack = describeStack(projectName, containers, services);
	const ok = start.status === 'pass' && healthyStatus === 'pass' && Boolean(final?.ok);
	return {
		ok,
		interrupted: context.signal.aborted,
		startupMs: final?.ok ? final.elapsedMs : undefined,
		services: final?.services ?? latest,
		failure: final && !final.ok ? final.failure : undefined,
		up: up ? {exitCode: up.exitCode, command: up.command, stderr: up.stderr} : undefined,
		upCause,
		containerIds: containers.map(container => container.id),
		stack,
	};
}
