import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import App from '../../source/app.js';
import {DockerStore} from '../../source/docker/store.js';
import {createContext} from '../../source/flows/context.js';
import {waitForFrame} from '../helpers/ui.js';
import {preloadScreens} from '../../source/screens/index.js';

const tick = () => new Promise(resolve => setTimeout(resolve, 50));

/** A project whose Alpine compose file has a YAML error (line 4), and an engine that is not there. */
function brokenProject() {
	const root = mkdtempSync(path.join(tmpdir(), 'alpinist-ui-check-'));
	mkdirSync(path.join(root, 'compose'));
	writeFileSync(path.join(root, 'alpinist.config.json'), JSON.stringify({name: 'ui-check', compose: {regular: 'compose/docker-compose.yml', alpine: 'compose/docker-compose.alpine.yml'}}));
	writeFileSync(path.join(root, 'compose/docker-compose.yml'), 'services:\n  web:\n    image: busybox\n');
	writeFileSync(path.join(root, 'compose/docker-compose.alpine.yml'), 'services:\n  web:\n    image: busybox\n    ports:\n   - "8002:80"\n');
	const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-state-'));
	const store = new DockerStore({endpoint: {host: 'unix:///nonexistent/alpinist-ui-test.sock', source: 'DOCKER_HOST'}, maxBackoffMs: 60_000});
	const context = createContext({projectDir: root, stateDir, store});
	return {
		context,
		cleanup() {
			store.stop();
			rmSync(root, {recursive: true, force: true});
			rmSync(stateDir, {recursive: true, force: true});
		},
	};
}

describe('Checklist screen', () => {
	// Screens load lazily (React.lazy): load them first, so the first frame is the screen.
	beforeAll(preloadScreens);
	const harness = brokenProject();
	afterAll(() => harness.cleanup());

	it('runs every check, shows the failures with file and line, overrides with a confirmation, then offers migrate', async () => {
		let exitCode: number | undefined;
		const app = render(<App context={harness.context} initial={{id: 'checklist'}} onExit={code => (exitCode = code)} />);
		try {
			// While the checks run, rows show a spinner and "checking…".
			await waitForFrame(app.lastFrame, frame => frame.includes('checking…') || frame.includes('fail'));
			const frame = await waitForFrame(app.lastFrame, f => f.includes('Migration blocked') && f.includes('o override'), 15_000);
			expect(frame).toMatch(/✗ Docker engine\s+no answer at unix:\/\/\/nonexistent/);
			expect(frame).toMatch(/- Current containers\s+skipped: engine unreachable/);
			expect(frame).toMatch(/✗ Compose files\s+compose\/docker-compose\.alpine\.yml:4:11: /);
			// The first failure is opened: its expectation and fix are shown, and the footer has no migrate key.
			expect(frame).toContain('expected an engine that answers');
			expect(frame).toContain('fix      Start one');
			expect(frame).toContain('o override');
			expect(frame).not.toContain('m migrate');

			// Moving down opens the next check instead.
			app.stdin.write('\u001B[B');
			await tick();
			expect(app.lastFrame()).toMatch(/measured v[12] /);
			expect(app.lastFrame()).not.toContain('expected an engine that answers');

			app.stdin.write('o');
			await waitForFrame(app.lastFrame, f => f.includes('Start the migration although'));
			expect(app.lastFrame()).toContain('Docker engine: no answer');
			await tick();
			app.stdin.write('y');
			await waitForFrame(app.lastFrame, f => f.includes('m migrate'));
			expect(app.lastFrame()).toContain('may start: overridden by');
			const override = harness.context.progress.step('check.override');
			expect(override?.data).toMatchObject({reason: 'overridden from the wizard', failed: expect.arrayContaining(['engine', 'compose-files'])});

			// Re-run: a second checklist run is recorded (run, override, run), the override still covers it.
			const runs = () => harness.context.progress.history('check').filter(entry => !entry.override).length;
			expect(runs()).toBe(1);
			app.stdin.write('r');
			await waitForFrame(() => String(runs()), value => value === '2', 15_000);
			await waitForFrame(app.lastFrame, f => f.includes('m migrate') && f.includes('may start: overridden'), 15_000);

			// Opened as the first screen (alpinist check), esc goes back to Home (it never quits); q there leaves with 0.
			app.stdin.write('\u001B');
			await waitForFrame(app.lastFrame, f => f.includes('Migration phases') && /q quit/.test(f));
			expect(exitCode).toBeUndefined();
			app.stdin.write('q');
			await waitForFrame(() => String(exitCode), value => value === '0');
		} finally {
			app.unmount();
		}
	});
});
