import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {useState} from 'react';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {AppContext, type AppContextValue} from '../../source/hooks/use-app-context.js';
import {useDockerStore} from '../../source/hooks/use-docker-store.js';
import {useKeymap} from '../../source/hooks/use-keymap.js';
import {testContext} from '../helpers/context.js';
import {waitForFrame} from '../helpers/ui.js';
import {preloadScreens} from '../../source/screens/index.js';

/** useDockerStore against a real DockerStore that is not started: the snapshot does not change. */

const tick = (ms = 50) => new Promise(resolve => setTimeout(resolve, ms));
const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

function Probe() {
	const [prefix, setPrefix] = useState('first');
	useKeymap([{keys: ['x'], label: 'switch', run: () => setPrefix('second')}], {isActive: true});
	// The selector depends on state as well as on the snapshot.
	const label = useDockerStore(snapshot => `${prefix}:${snapshot.status}`);
	return <Text>{label}</Text>;
}

describe('useDockerStore', () => {
	// Screens load lazily (React.lazy): load them first, so the first frame is the screen.
	beforeAll(preloadScreens);
	it('a selector that depends on state is read again when the state changes, not only the snapshot', async () => {
		const harness = testContext('ui-selector');
		cleanups.push(harness.cleanup);
		const value: AppContextValue = {flow: harness.context, navigate() {}, replace() {}, back() {}, exit() {}, menu: []};
		const app = render(
			<AppContext.Provider value={value}>
				<Probe />
			</AppContext.Provider>,
		);
		cleanups.push(app.unmount);
		await tick();
		expect(app.lastFrame()).toBe('first:connecting');
		const version = harness.context.store.getSnapshot().version;
		app.stdin.write('x');
		await waitForFrame(app.lastFrame, frame => frame !== 'first:connecting', {timeoutMs: 1000, intervalMs: 10, what: 'the frame after x'});
		expect(harness.context.store.getSnapshot().version).toBe(version);
		expect(app.lastFrame()).toBe('second:connecting');
	});
});
