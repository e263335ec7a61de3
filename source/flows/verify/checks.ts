import type {ContainerInfo} from '../../docker/types.js';
import {formatMB, formatMs, formatPercent} from '../../format.js';
import type {ProjectProgress} from '../../project/progress.js';
import type {StepResult} from '../recorded-step.js';
import type {RollbackPlan} from '../rollback/plan.js';
import {checkEndpoints, healthEndpoints, measureMemory, projectContainers, runSmoke, type EndpointCheck, type SmokeResult} from '../stack.js';
import type {FlowContext} from '../types.js';

/**
 * The verification checks, one of each: health endpoints, the smoke test, memory against a
 * baseline, and a rolled-back stack's containers. The guide's Step 2 (`verify`, inside
 * `migrate`) and its Rollback Verification both run their steps on these.
 */

export type {StepResult} from '../recorded-step.js';

/** How far above the baseline memory may be and still count as "back near" it. */
export const memoryTolerance = 0.25;

const unitBytes: Record<string, number> = {b: 1, bytes: 1, byte: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3};

export function baselineBytes(baseline: ProjectProgress['baselines'][string] | undefined): number | undefined {
	if (!baseline) return undefined;
	const factor = unitBytes[baseline.unit.toLowerCase()] ?? 1;
	return baseline.value * factor;
}

export function compareMemory(measuredBytes: number, containers: number, baseline: ProjectProgress['baselines'][string] | undefined): StepResult {
	const method = `one docker-stats sample per container (usage − inactive file) right after the stack turned healthy, summed over ${containers} container${containers === 1 ? '' : 's'}`;
	const expected = baselineBytes(baseline);
	if (expected === undefined || expected <= 0) {
		return {status: 'pass', summary: `${formatMB(measuredBytes)}; no baseline recorded to compare with`, detail: [method]};
	}

	const change = measuredBytes / expected - 1;
	const near = change <= memoryTolerance;
	return {
		status: near ? 'pass' : 'warn',
		summary: `${formatMB(measuredBytes)} against the baseline ${formatMB(expected)} (${change >= 0 ? '+' : ''}${formatPercent(change * 100)})${near ? ', back near it' : `, more than ${formatPercent(memoryTolerance * 100, 0)} above it`}`,
		detail: [method, `baseline: ${baseline!.method}, recorded ${baseline!.at}`],
	};
}

/** After a rollback: the regular containers run and are healthy, and no Alpine container runs. */
export function verifyContainers(context: FlowContext, plan: RollbackPlan): StepResult {
	const snapshot = context.store.getSnapshot();
	const regular = projectContainers(snapshot, plan.start.project);
	const unhealthy = regular.filter(container => container.state !== 'running' || (container.health !== 'healthy' && container.health !== 'none'));
	const alpine = snapshot.containers.filter(container => plan.alpineProjects.includes(container.project ?? '') && container.state === 'running');
	const detail = [
		...regular.map(container => `${container.name}  ${container.image}  ${container.state}${container.health === 'none' ? '' : `/${container.health}`}`),
		...alpine.map(container => `still running: ${container.name}  ${container.image}`),
	];
	if (regular.length === 0) return {status: 'fail', summary: `no container of ${plan.start.project} is running`, detail};
	if (unhealthy.length > 0 || alpine.length > 0) {
		const problems = [
			unhealthy.length > 0 ? `${unhealthy.length} regular container${unhealthy.length === 1 ? ' is' : 's are'} not healthy` : '',
			alpine.length > 0 ? `${alpine.length} Alpine container${alpine.length === 1 ? ' still runs' : 's still run'}` : '',
		].filter(Boolean);
		return {status: 'fail', summary: problems.join('; '), detail};
	}

	return {status: 'pass', summary: `${regular.length} regular container${regular.length === 1 ? '' : 's'} running and healthy, no Alpine container running`, detail};
}

/** Every health endpoint of these containers answers HTTP 200. */
export async function endpointsAnswer(context: FlowContext, containers: ContainerInfo[]): Promise<StepResult<EndpointCheck[]>> {
	const endpoints = await healthEndpoints(context, containers);
	if (endpoints.length === 0) return {status: 'warn', summary: 'no health endpoint known (set services.<name>.health.path in alpinist.config.json)', value: []};
	const checks = await checkEndpoints(endpoints, context.signal);
	const failed = checks.filter(check => !check.ok);
	return {
		status: failed.length === 0 ? 'pass' : 'fail',
		summary: failed.length === 0 ? `${checks.length}/${checks.length} answered 200` : `${failed.map(check => check.service).join(', ')} did not answer 200 (${failed.length} of ${checks.length})`,
		detail: checks.map(check => `${check.service.padEnd(12)} ${check.url}  ${check.status ?? check.error ?? 'no answer'} (${formatMs(check.ms)})`),
		value: checks,
	};
}

/** The project's smoke test, against the endpoints checked (skipped when none is configured). */
export async function smokePasses(context: FlowContext, checks: EndpointCheck[], onLine: (line: string) => void): Promise<StepResult<SmokeResult>> {
	const result = context.project.config.smoke ? await runSmoke(context, checks, {onLine}) : undefined;
	if (!result) return {status: 'skip', summary: 'no smoke test configured (smoke.command in alpinist.config.json)'};
	const ok = result.exitCode === 0 && result.failed === 0;
	return {
		status: ok ? 'pass' : 'fail',
		summary: `${result.passed} passed, ${result.failed} failed (exit ${result.exitCode}, ${formatMs(result.durationMs)})`,
		detail: ok ? undefined : result.output.slice(-10),
		value: result,
	};
}

export async function verifyEndpoints(context: FlowContext, plan: RollbackPlan): Promise<StepResult<EndpointCheck[]>> {
	return endpointsAnswer(context, projectContainers(context.store.getSnapshot(), plan.start.project));
}

/** After a rollback: memory back near the regular baseline. */
export async function verifyMemory(context: FlowContext, plan: RollbackPlan): Promise<StepResult<number>> {
	const containers = projectContainers(context.store.getSnapshot(), plan.start.project).filter(container => container.state === 'running');
	if (containers.length === 0) return {status: 'skip', summary: 'no running container to measure'};
	const reading = await measureMemory(context, containers);
	const result = compareMemory(reading.total, containers.length, context.progress.get().baselines['memory.regular']);
	return {...result, value: reading.total};
}
