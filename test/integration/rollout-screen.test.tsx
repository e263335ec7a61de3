import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import App from '../../source/app.js';
import {createContext} from '../../source/flows/context.js';
import {discoverProject} from '../../source/project/discover.js';
import {preloadScreens} from '../../source/screens/index.js';
import {tick, waitForContent} from '../helpers/ui.js';

/** The Rollout screen on the shared engine, which is no Swarm manager. */

const root = path.resolve(import.meta.dirname, '../..');

describe('Rollout screen on the real engine', () => {
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
		const frame = await waitForContent(ui, 'not in a Swarm', 4000);
		expect(frame).toContain('Phase 3 · Production rollout on Docker Swarm');
		expect(frame).toContain('is not in a Swarm');
		expect(frame).not.toContain('r roll out');
		expect(frame).toContain('esc back');
		ui.unmount();
		context.store.stop();
	});
});
