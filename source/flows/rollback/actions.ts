import {formatMs} from '../../format.js';
import {composeLabels} from '../../docker/parse.js';
import {variants} from '../../project/discover.js';
import {composeForVariant, waitHealthy, type WaitResult} from '../stack.js';
import type {FlowContext} from '../types.js';
import type {RollbackPlan} from './plan.js';
import type {StepResult} from '../recorded-step.js';

/** The rollback's actions on the engine. Each is idempotent, so a resumed rollback can run it again. */

const gone = (error: any) => error?.statusCode === 404;

/** Stops the Alpine containers through the engine, all at once; each gets its own stop timeout. */
export async function stopContainers(context: FlowContext, plan: RollbackPlan): Promise<StepResult> {
	if (plan.stop.length === 0) return {status: 'pass', summary: 'no Alpine container was running'};
	const results = await Promise.all(
		plan.stop.map(async container => {
			const started = performance.now();
			try {
				await context.docker.getContainer(container.id).stop();
				return {name: container.name, ok: true, ms: performance.now() - started};
			} catch (error: any) {
				// 304: already stopped; 404: already gone. Both are what we wanted.
				if (error?.statusCode === 304 || gone(error)) return {name: container.name, ok: true, ms: performance.now() - started};
				return {name: container.name, ok: false, ms: performance.now() - started, error: error?.message ?? String(error)};
			}
		}),
	);
	const failed = results.filter(result => !result.ok);
	return {
		status: failed.length === 0 ? 'pass' : 'fail',
		summary: failed.length === 0 ? `${results.length} container${results.length === 1 ? '' : 's'} stopped` : `${failed.length} container(s) did not stop`,
		detail: results.map(result => `${result.ok ? 'stopped' : 'FAILED '} ${result.name} (${formatMs(result.ms)})${result.error ? `: ${result.error}` : ''}`),
	};
}

/** `up -d` for the regular stack (images built only if missing), then waits for health from the engine's events. */
export async function startRegular(
	context: FlowContext,
	plan: RollbackPlan,
	onLine: (line: string) => void,
): Promise<StepResult<WaitResult>> {
	const compose = await composeForVariant(context, 'regular');
	const started = performance.now();
	const up = await compose.run(['up', '-d', '--remove-orphans'], {signal: context.signal, onLine});
	if (up.exitCode !== 0) {
		return {status: 'fail', summary: `${compose.describe(['up', '-d'])} exited ${up.exitCode}`, detail: up.stderr.split('\n').slice(-10)};
	}

	const services = plan.start.services.length > 0 ? plan.start.services : (Object.keys((await compose.config())?.services ?? {}) as string[]);
	const wait = await waitHealthy(context, {projectName: plan.start.project, services, startedAt: started});
	if (!wait.ok) {
		const {failure} = wait;
		return {
			status: 'fail',
			summary: `${failure.service} ${failure.reason === 'timeout' ? 'did not become healthy in time' : `is ${failure.reason}`}`,
			detail: [...failure.healthOutput.map(line => `health: ${line}`), ...failure.logs.slice(-10).map(line => `log: ${line}`)],
			value: wait,
		};
	}

	return {
		status: 'pass',
		summary: `${services.length} service${services.length === 1 ? '' : 's'} healthy after ${formatMs(wait.elapsedMs)}`,
		detail: wait.services.map(service => `${service.service.padEnd(10)} ${service.health === 'none' ? service.state : service.health} after ${formatMs(service.readyAfterMs ?? 0)}`),
		value: wait,
	};
}

/**
 * The guide's `docker-compose -f … down -v` for both Alpine projects, then a sweep through the
 * engine of whatever the plan listed and is still there (a project without a compose file, a
 * compose that failed). Nothing outside the plan is touched by the sweep.
 */
export async function removeStacks(context: FlowContext, plan: RollbackPlan, onLine: (line: string) => void): Promise<StepResult> {
	const detail: string[] = [];
	for (const variant of variants) {
		const projectName = context.project.projectNames[variant];
		if (variant === 'regular' || !plan.alpineProjects.includes(projectName) || !context.project.compose[variant]) continue;
		const hasAny = plan.containers.some(c => c.project === projectName) || plan.networks.some(n => n.project === projectName) || plan.volumes.some(v => v.project === projectName);
		if (!hasAny) continue;
		const compose = await composeForVariant(context, variant);
		const result = await compose.down({volumes: true, signal: context.signal, onLine});
		detail.push(`${compose.describe(['down', '--remove-orphans', '-v'])}: exit ${result.exitCode}`);
	}

	const {docker} = context;
	const leftovers: string[] = [];
	const sweep = async (what: string, name: string, remove: () => Promise<unknown>) => {
		try {
			await remove();
			detail.push(`removed ${what} ${name}`);
		} catch (error: any) {
			if (gone(error)) {
				detail.push(`removed ${what} ${name}`);
				return;
			}

			leftovers.push(`${what} ${name}: ${error?.json?.message ?? error?.message ?? error}`);
		}
	};

	for (const container of plan.containers) await sweep('container', container.name, () => docker.getContainer(container.id).remove({force: true, v: true}));
	for (const network of plan.networks) await sweep('network', network.name, () => docker.getNetwork(network.id).remove());
	for (const volume of plan.volumes) {
		await sweep('volume', volume.name, async () => {
			const info: any = await docker.getVolume(volume.name).inspect();
			// The name is the plan's; the labels must still say it is the Alpine project's.
			if (!volume.anonymous && !plan.alpineProjects.includes(info.Labels?.[composeLabels.project])) throw new Error('its labels changed since the plan; left alone');
			await docker.getVolume(volume.name).remove();
		});
	}

	const removed = plan.containers.length + plan.networks.length + plan.volumes.length - leftovers.length;
	return {
		status: leftovers.length === 0 ? 'pass' : 'fail',
		summary: leftovers.length === 0 ? `${plan.containers.length} containers, ${plan.volumes.length} volumes, ${plan.networks.length} networks removed` : `${leftovers.length} could not be removed (${removed} removed)`,
		detail: [...detail, ...leftovers.map(line => `NOT removed: ${line}`)],
	};
}

/** Removes the planned images by the project's tags, without force: the image goes with its last tag. */
export async function removeImages(context: FlowContext, plan: RollbackPlan): Promise<StepResult> {
	if (plan.images.length === 0) return {status: 'pass', summary: 'no Alpine image of the project to remove'};
	const detail: string[] = [];
	let failed = 0;
	let freed = 0;
	for (const image of plan.images) {
		for (const ref of image.refs) {
			try {
				await context.docker.getImage(ref).remove();
				detail.push(`${image.deletes ? 'removed' : 'untagged'} ${ref}`);
			} catch (error: any) {
				if (gone(error)) {
					detail.push(`already gone: ${ref}`);
					continue;
				}

				failed++;
				detail.push(`NOT removed: ${ref}: ${error?.json?.message ?? error?.message ?? error}`);
			}
		}

		if (image.deletes) freed += image.sizeBytes;
	}

	return {
		status: failed === 0 ? 'pass' : 'warn',
		summary: failed === 0 ? `${plan.images.length} image${plan.images.length === 1 ? '' : 's'} removed (${(freed / 1e6).toFixed(1)} MB as the engine lists them)` : `${failed} image reference(s) could not be removed`,
		detail,
	};
}
