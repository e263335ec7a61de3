import {readFileSync} from 'node:fs';
import path from 'node:path';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {beforeAll, describe, expect, it} from 'vitest';
import SwarmStack from '../../source/components/SwarmStack.js';
import {fromNode, fromService, fromTask} from '../../source/docker/swarm.js';
import {buildState, variantFrom} from '../../source/flows/rollout/state.js';
import {preloadScreens} from '../../source/screens/index.js';

const tick = (ms = 50) => new Promise(resolve => setTimeout(resolve, ms));
const root = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(root, 'test/fixtures/swarm', name), 'utf8'));

describe('Rollout screen', () => {
	beforeAll(preloadScreens);
	it('draws a stack: nodes, per service variant, Alpine tasks, health, update state, tasks per node', async () => {
		const services = (fixture('services-completed.json') as any[]).map(fromService);
		const state = buildState({
			stack: 'sample2',
			nodes: (fixture('nodes-3.json') as any[]).map(fromNode),
			services,
			tasks: (fixture('tasks-completed.json') as any[]).map(fromTask),
			variantOf: variantFrom(services.map(service => service.image)),
		});
		const ui = render(
			<Box width={130}>
				<SwarmStack state={state} />
			</Box>,
		);
		await tick();
		const frame = ui.lastFrame()!;
		expect(frame).toMatch(/Nodes ro1-1 \(manager, ready\)/);
		expect(frame).toMatch(/backend\s+alpine\s+3\/3 A\s+3\/3 ok\s+completed/);
		expect(frame.match(/alpine\s+running\s+healthy/g)).toHaveLength(9);
		ui.unmount();
	});
});
