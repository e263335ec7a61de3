import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import App from '../../source/app.js';
import {createContext} from '../../source/flows/context.js';
import {inputFromParams} from '../../source/screens/Benchmark.js';
import {preloadScreens} from '../../source/screens/index.js';
import {waitForContent} from '../helpers/ui.js';

const tick = () => new Promise(resolve => setTimeout(resolve, 50));
const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-bench-ui-'));
afterAll(() => rmSync(stateDir, {recursive: true, force: true}));

describe('Benchmark screen', () => {
	// Screens load lazily (React.lazy): load them first, so the first frame is the screen.
	beforeAll(preloadScreens);
	it('reads the command flags from its params, with defaults from the menu', () => {
		expect(inputFromParams({runs: 5, buildTime: true, capacity: false, budget: 20e6, max: 4})).toEqual({runs: 5, buildTime: true, capacity: false, budget: 20e6, max: 4});
		expect(inputFromParams()).toEqual({runs: 3, buildTime: false, capacity: false, budget: 4e9, max: 12});
	});

	it('opened from the menu, waits for r, names its own stacks, and changes the rounds with + and -', async () => {
		const context = createContext({stateDir});
		let exitCode: number | undefined;
		const {lastFrame, stdin, unmount} = render(<App context={context} initial={{id: 'bench'}} onExit={code => (exitCode = code)} />);
		await tick();
		let frame = lastFrame()!;
		expect(frame).toContain('3 round(s) R A R A R A');
		expect(frame).toContain(`${context.project.name}-bench-regular`);
		expect(frame).toContain('No benchmark recorded yet.');
		expect(frame).toMatch(/r run/);
		expect(frame).toMatch(/c with capacity/);
		stdin.write('+');
		await tick();
		stdin.write('+');
		await tick();
		frame = lastFrame()!;
		expect(frame).toContain('5 round(s) R A R A R A R A R A');
		stdin.write('-');
		await tick();
		expect(lastFrame()).toContain('4 round(s)');
		// Markdown and methods only exist once there is a result.
		expect(lastFrame()).not.toMatch(/m markdown/);
		// Opened directly (alpinist bench): esc goes back to Home, not out of the app.
		stdin.write('\u001B');
		expect(await waitForContent({lastFrame}, 'Migration phases', 5000)).toContain('Migration phases');
		expect(exitCode).toBeUndefined();
		unmount();
		context.store.stop();
	});
});
