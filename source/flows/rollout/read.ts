import type Dockerode from 'dockerode';
import {SwarmClient} from '../../docker/swarm-client.js';
import {buildState, type StackState, variantByName} from './state.js';

export type SwarmView = {manager: true; state: StackState} | {manager: false; why: string};

/**
 * The stack as the engine's Swarm manager sees it now (for status, top --once and the Rollout
 * screen's first picture), or why there is none: the engine is not a manager. Variants by image
 * name (a tag or repository naming alpine or musl).
 */
export async function readSwarmStack(docker: Dockerode, stack: string): Promise<SwarmView> {
	const client = new SwarmClient(docker);
	try {
		await client.requireManager();
	} catch (error) {
		return {manager: false, why: (error as Error).message};
	}

	const [nodes, services] = await Promise.all([client.nodes(), client.stackServices(stack)]);
	const tasks = await client.tasks(services.map(service => service.id));
	return {manager: true, state: buildState({stack, nodes, services, tasks, variantOf: variantByName})};
}
