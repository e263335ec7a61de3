import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import App from '../../source/app.js';
import SwarmStack from '../../source/components/SwarmStack.js';
import {fromNode, fromService, fromTask} from '../../source/docker/swarm.js';
import {createContext} from '../../source/flows/context.js';
import {buildState, variantFrom} from '../../source/flows/rollout/state.js';
import {discoverProject} from '../../source/project/discover.js';
import {preloadScreens} from '../../source/screens/index.js';

const tick = (ms = 50) => new Promise(resolve => setTimeout(resolve, ms));
const root = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(root, 'test/fixtures/swarm', name), 'utf8'));

describe('Rollout screen', () => {
	beforeAll(preloadScreens);
	let dir: string | undefined;
	afterEach(() => dir && rmSync(dir, {recursive: true, force: true}));

	it("is reached from Home under the guide's Phase 3, and says when the engine is no Swarm manager (the shared engine is not)", async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'alpinist-rollout-ui-'));
		const context = createContext({project: discoverProject({dir: root}), stateDir: dir});
		const home = render(<App context={context} />);
		await tick();
		expect(home.lastFrame()).toContain('Rolled out on Swarm');
		expect(home.lastFrame()).toMatch(/Rollout\s+Phase 3: Alpine on a Swarm/);
		home.unmount();

		const ui = render(<App context={createContext({project: discoverProject({dir: root}), stateDir: dir})} initial={{id: 'rollout'}} />);
		for (let i = 0; i < 40 && !ui.lastFrame()!.includes('not in a Swarm'); i++) await tick(100);
		const frame = ui.lastFrame()!;
		expect(frame).toContain('Phase 3 · Production rollout on Docker Swarm');
		expect(frame).toContain('is not in a Swarm');
		expect(frame).not.toContain('r roll out');
		expect(frame).toContain('esc back');
		ui.unmount();
		context.store.stop();
	});

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
