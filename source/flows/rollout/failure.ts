import type Dockerode from 'dockerode';
import type {SwarmClient} from '../../docker/swarm-client.js';
import {failedTaskId, type SwarmService} from '../../docker/swarm.js';
import {stripControl} from '../../format.js';

/** Why a rollout stopped: which task, on which node, its error and its last health probe. */
export type RolloutFailure = {
	kind: 'canary' | 'verdict' | 'update' | 'node-down' | 'declined' | 'interrupted' | 'error';
	message: string;
	service?: string;
	task?: string;
	node?: string;
	/** Swarm's update status message, e.g. "update rolled back due to failure or early termination of task …". */
	swarm?: string;
	/** The task's own error (Status.Err) or state message. */
	error?: string;
	/** The last health probe the node's engine ran in the task's container. */
	probe?: {exitCode: number; output: string; at?: string};
	/** Said when a figure could not be had (e.g. the node's engine is not reachable). */
	missing?: string;
};

/** Reads the task Swarm names in the service's update message: its node, error and last probe. */
export async function explainFailure(
	client: SwarmClient,
	engines: Map<string, Dockerode>,
	service: SwarmService,
	kind: RolloutFailure['kind'],
	message?: string,
): Promise<RolloutFailure> {
	const swarm = message ?? service.updateMessage;
	const failure: RolloutFailure = {kind, service: service.short, swarm, message: `${service.short}: ${swarm ?? service.updateState}`};
	const taskId = failedTaskId(swarm);
	if (!taskId) return failure;
	failure.task = taskId;
	const [tasks, nodes] = await Promise.all([client.tasks([service.id]).catch(() => []), client.nodes().catch(() => [])]);
	const task = tasks.find(candidate => candidate.id === taskId);
	if (!task) return failure;
	const node = nodes.find(candidate => candidate.id === task.nodeId);
	failure.node = node?.hostname ?? task.nodeId;
	failure.error = task.error ?? (task.message && task.message !== 'finished' ? task.message : undefined) ?? `task state ${task.state}`;
	const engine = node ? engines.get(node.hostname) : undefined;
	if (!engine) {
		failure.missing = `the last health probe is not known: the engine of ${failure.node} is not reachable from here`;
	} else if (task.containerId) {
		try {
			const inspect: any = await engine.getContainer(task.containerId).inspect();
			// The probe that failed the task, not the engine's note that it could not probe a container
			// Swarm had already stopped.
			const log: any[] = inspect.State?.Health?.Log ?? [];
			const probed = log.filter((entry: any) => !/cannot exec in a stopped container|is not running/i.test(String(entry.Output ?? '')));
			const last = probed.at(-1) ?? log.at(-1);
			if (last) failure.probe = {exitCode: Number(last.ExitCode), output: stripControl(String(last.Output ?? '')).trim().slice(0, 500), at: last.End};
			if (!task.error && inspect.State?.Health?.Status === 'unhealthy') failure.error = `container unhealthy (${inspect.State.Health.FailingStreak} failing probes in a row)`;
		} catch (error) {
			failure.missing = `the container ${task.containerId.slice(0, 12)} could not be inspected on ${failure.node}: ${(error as Error).message}`;
		}
	}

	failure.message = `${service.short}: task ${taskId.slice(0, 12)} on ${failure.node} failed (${failure.error})${failure.probe ? `; last health probe: exit ${failure.probe.exitCode}${failure.probe.output ? `, "${failure.probe.output}"` : ''}` : ''}`;
	return failure;
}

export function describeFailure(failure: RolloutFailure): string[] {
	const lines = [failure.message];
	if (failure.swarm && !failure.message.includes(failure.swarm)) lines.push(`Swarm: ${failure.swarm}`);
	if (failure.missing) lines.push(failure.missing);
	return lines;
}
