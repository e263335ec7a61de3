import {readFileSync} from 'node:fs';
import path from 'node:path';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import SwarmTasks, {swarmTasksHeight} from '../../source/components/SwarmTasks.js';
import {fromNode, fromService, fromTask} from '../../source/docker/swarm.js';
import {buildState, variantFrom} from '../../source/flows/rollout/state.js';

// The Top screen's Swarm part, fed a stack state built from a recorded 3-node manager's answers.
const root = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(root, 'test/fixtures/swarm', name), 'utf8'));

function recorded(tasksFile: string, servicesFile = 'services-completed.json') {
	const services = (fixture(servicesFile) as any[]).map(fromService);
	const tasks = (fixture(tasksFile) as any[]).map(fromTask);
	const state = buildState({stack: 'sample2', nodes: (fixture('nodes-3.json') as any[]).map(fromNode), services, tasks, variantOf: variantFrom(services.map(service => service.image))});
	return {state, tasks};
}

describe('SwarmTasks (the live top on a Swarm manager)', () => {
	it('lists every task of the stack with its service, node, variant, state and health under a NODE column', () => {
		const {state} = recorded('tasks-completed.json');
		const tasks = state.services.flatMap(service => service.tasks.map(task => ({service: service.short, task})));
		expect(tasks.length).toBeGreaterThan(3);
		const ui = render(
			<Box width={120}>
				<SwarmTasks state={state} height={40} />
			</Box>,
		);
		const lines = ui.lastFrame()!.split('\n');
		expect(lines[0]).toMatch(new RegExp(`Swarm stack sample2 · ${tasks.length} tasks on ro1-1 \\(manager\\)`));
		expect(lines[1]).toMatch(/^SERVICE\s+TASK\s+NODE\s+VARIANT\s+STATE\s+HEALTH\s+UPDATE/);
		const nodeAt = lines[1]!.indexOf('NODE');
		for (const {service, task} of tasks) {
			const line = lines.find(text => text.includes(task.id.slice(0, 12)));
			expect(line, task.id).toBeDefined();
			expect(line!.startsWith(service)).toBe(true);
			expect(line!.slice(nodeAt)).toMatch(new RegExp(`^${task.node}\\s+${task.variant}\\s+${task.state}\\s+${task.health}`));
		}

		// The tasks spread over the three nodes, each named in the node column.
		const nodes = new Set(lines.slice(2).map(line => line.slice(nodeAt).split(/\s+/)[0]));
		expect([...nodes].sort()).toEqual(state.nodes.map(node => node.hostname).sort());
		ui.unmount();
	});

	it('shows a rolled-back stack as Swarm reports it: the regular variant again', () => {
		const {state} = recorded('tasks-rolled-back.json', 'services-completed.json');
		const ui = render(
			<Box width={120}>
				<SwarmTasks state={state} height={40} />
			</Box>,
		);
		const frame = ui.lastFrame()!;
		for (const task of state.services.flatMap(service => service.tasks)) expect(frame).toMatch(new RegExp(`${task.id.slice(0, 12)}\\s+${task.node}\\s+${task.variant}\\s+${task.state}`));
		ui.unmount();
	});

	it('fits the height Top gives it, and counts the tasks it leaves out', () => {
		const {state} = recorded('tasks-completed.json');
		const total = state.services.reduce((sum, service) => sum + service.tasks.length, 0);
		expect(swarmTasksHeight(state, 6)).toBe(6);
		expect(swarmTasksHeight(state, 100)).toBe(total + 2);
		const ui = render(
			<Box width={120}>
				<SwarmTasks state={state} height={6} />
			</Box>,
		);
		const lines = ui.lastFrame()!.split('\n');
		expect(lines).toHaveLength(6);
		expect(lines[5]).toContain(`… ${total - 3} more tasks`);
		ui.unmount();
	});

	it('says so when the stack has no service on this manager', () => {
		const state = buildState({stack: 'other', nodes: (fixture('nodes-3.json') as any[]).map(fromNode), services: [], tasks: [], variantOf: () => 'regular'});
		const ui = render(<SwarmTasks state={state} height={10} />);
		expect(ui.lastFrame()).toContain('no service of stack other on this manager');
		ui.unmount();
	});
});
