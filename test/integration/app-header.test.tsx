import {render} from 'ink-testing-library';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import App from '../../source/app.js';
import {preloadScreens} from '../../source/screens/index.js';
import {testContext} from '../helpers/context.js';
import {waitForFrame} from '../helpers/ui.js';

/** The app's header on the real engine: what the store learnt of it, once it answers. */

beforeAll(preloadScreens);
const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('header', () => {
	it('shows the live engine once the store is ready', async () => {
		const harness = testContext('ui-header');
		cleanups.push(harness.cleanup);
		const {store} = harness.context;
		void store.start();
		const app = render(<App context={harness.context} />);
		cleanups.push(app.unmount);
		await store.waitFor(snapshot => snapshot.status === 'ready', {timeoutMs: 15_000});
		const engine = store.getSnapshot().engine!;
		const frame = await waitForFrame(app.lastFrame, frame => frame.includes('engine docker') || frame.includes('engine podman'), {what: 'the engine in the header', timeoutMs: 5000, intervalMs: 10});
		expect(frame).toContain(`engine ${engine.flavour} ${engine.version} · cgroup v${engine.cgroupVersion}`);
		expect(frame).toMatch(/running none/);
	});
});
