import type Dockerode from 'dockerode';
import {engineAt, parseNodeEngines} from '../docker/swarm-client.js';
import type {Stats} from '../docker/stats.js';
import {stateDocument} from '../flows/rollout/document.js';
import {readSwarmStack} from '../flows/rollout/read.js';
import type {StackState} from '../flows/rollout/state.js';
import {stripControl} from '../format.js';
import {sampleStats} from './once.js';
import {memBytes, percent} from './units.js';

/**
 * `top --once` pointed at a Swarm manager: the stack's tasks with a node column, and CPU/memory
 * for the tasks whose node's engine is reachable (ALPINIST_SWARM_NODES; the manager's API has no
 * stats for containers on other nodes), one engine stats sample each.
 */

export type SwarmTop = {state: StackState; stats: Map<string, Stats>; reachable: string[]};

export async function swarmTop(docker: Dockerode, stack: string, env: NodeJS.ProcessEnv = process.env): Promise<SwarmTop | undefined> {
	const view = await readSwarmStack(docker, stack).catch(() => undefined);
	if (!view?.manager) return undefined;
	let hosts = new Map<string, string>();
	try {
		hosts = parseNodeEngines(env.ALPINIST_SWARM_NODES ? [env.ALPINIST_SWARM_NODES] : []);
	} catch {}

	const engines = new Map([...hosts].map(([name, host]) => [name, engineAt(host)]));
	const stats = new Map<string, Stats>();
	await Promise.all(
		view.state.services.flatMap(service =>
			service.tasks
				.filter(task => task.state === 'running' && task.containerId && engines.has(task.node))
				.map(async task => {
					const sample = await sampleStats(engines.get(task.node)!, task.containerId!);
					if (sample) stats.set(task.id, sample);
				}),
		),
	);
	return {state: view.state, stats, reachable: [...engines.keys()]};
}

export function formatSwarmTop(top: SwarmTop): string[] {
	const header = ['SERVICE', 'TASK', 'NODE', 'VARIANT', 'STATE', 'HEALTH', 'CPU %', 'MEM', 'UPDATE', 'IMAGE'];
	const rows = top.state.services.flatMap(service =>
		service.tasks.map(task => {
			const stats = top.stats.get(task.id);
			return [service.short, task.id.slice(0, 12), task.node, task.variant, task.state, task.health, stats ? percent(stats.cpuPercent) : '-', stats ? memBytes(stats.memUsage) : '-', service.updateState, task.image].map(cell => stripControl(String(cell)));
		}),
	);
	const widths = header.map((_, index) => Math.max(...[header, ...rows].map(row => [...row[index]!].length)));
	const lines = [header, ...rows].map(row => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]!))).join('   ').trimEnd());
	const missing = top.state.nodes.filter(node => !top.reachable.includes(node.hostname)).map(node => node.hostname);
	return [
		'',
		`swarm     stack ${top.state.stack} on ${top.state.nodes.map(node => `${node.hostname} (${node.role}, ${node.state})`).join(', ')}`,
		...(top.state.services.length ? lines : [`          no service of stack ${top.state.stack} here (--stack NAME)`]),
		`measured  tasks from the manager; CPU/memory from the node engines${top.reachable.length ? ` of ${top.reachable.join(', ')}` : ''}${missing.length ? `; none for ${missing.join(', ')} (engine not reachable: set ALPINIST_SWARM_NODES=name=host,…)` : ''}`,
	];
}

export function swarmTopDocument(top: SwarmTop) {
	const document = stateDocument(top.state);
	return {
		stack: top.state.stack,
		nodes: document.nodes,
		services: document.services.map(service => ({
			...service,
			tasks: service.tasks.map(task => {
				const stats = top.stats.get(task.id);
				return {...task, cpuPercent: stats?.cpuPercent ?? null, memUsage: stats?.memUsage ?? null};
			}),
		})),
		statsFrom: top.reachable,
	};
}
