import {Box, Text} from 'ink';
import {render} from 'ink-testing-library';
import {useState} from 'react';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import App, {routes} from '../../source/app.js';
import {useAppContext} from '../../source/hooks/use-app-context.js';
import {useKeymap} from '../../source/hooks/use-keymap.js';
import {screens, preloadScreens} from '../../source/screens/index.js';
import {menuScreens} from '../../source/screens/menu.js';
import type {RoutedScreen, ScreenProps} from '../../source/screens/types.js';
import {testContext} from '../helpers/context.js';
import {waitForFrame} from '../helpers/ui.js';
import {waitUntil} from '../helpers/wait.js';

/**
 * The app shell with ink-testing-library: home navigation, the footer that follows the active
 * screen's keymap, and the confirmation overlay. The store is a real DockerStore, not started
 * (status connecting): the header on a live engine is test/integration/app-header.test.tsx.
 */

const tick = (ms = 50) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Waits (a tick at a time, up to 5 s) until the last frame satisfies the check. On a loaded
 * machine React's passive effects (where Ink subscribes a new screen's input) can lag a frame:
 * a test waits for the footer of the new screen (published by the same effects) before typing.
 */
const until = (app: {lastFrame: () => string | undefined}, check: (frame: string) => boolean, what: string) => waitForFrame(app.lastFrame, check, {what, timeoutMs: 5000, intervalMs: 10});
const keys = {up: '\u001B[A', down: '\u001B[B', enter: '\r', escape: '\u001B'};

function Probe({isActive}: ScreenProps) {
	const {back, flow} = useAppContext();
	const [answer, setAnswer] = useState('none');
	useKeymap(
		[
			{keys: ['c'], label: 'clean up', run: () => void flow.confirm({title: 'Remove the probe stack?', items: ['container probe-1', 'volume probe-data'], action: 'remove', destructive: true}).then(yes => setAnswer(yes ? 'yes' : 'no'))},
			{keys: ['escape'], label: 'back', hint: 'esc', run: back},
		],
		{isActive},
	);
	return (
		<Box flexDirection="column">
			<Text>probe screen</Text>
			<Text>answer: {answer}</Text>
		</Box>
	);
}

function Other() {
	return <Text>the other screen</Text>;
}

const testScreens: RoutedScreen[] = [
	{id: 'ui-probe', title: 'Probe', description: 'a screen for the shell tests', component: Probe},
	{id: 'ui-other', title: 'Other', description: 'another one', component: Other},
];

/** The app's screens and the test's, given to the app as its registry. */
const appScreens: RoutedScreen[] = [...screens, ...testScreens];

// Screens load lazily (React.lazy): load them first, so the first frame is the screen.
beforeAll(preloadScreens);

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

function renderApp() {
	const harness = testContext('ui-shell');
	cleanups.push(harness.cleanup);
	let exitCode: number | undefined;
	const app = render(<App context={harness.context} screens={appScreens} onExit={code => (exitCode = code)} />);
	cleanups.push(app.unmount);
	return {...app, harness, exitCode: () => exitCode, frame: () => app.lastFrame() ?? ''};
}

/** The title of the menu entry that carries the selection mark (the header's "alpinist › Home" is not one). */
const selected = (frame: string) => /(?<!alpinist )› (\S+)/.exec(frame)?.[1];

/** Moves the home selection down to `title` (at most once round the menu). */
async function select(app: ReturnType<typeof renderApp>, title: string) {
	for (let i = 0; i <= menuScreens(appScreens).length && selected(app.frame()) !== title; i++) {
		const before = selected(app.frame());
		app.stdin.write(keys.down);
		await until(app, frame => selected(frame) !== before, 'the selection move');
	}

	expect(selected(app.frame())).toBe(title);
}
const footer = (frame: string) => frame.trimEnd().split('\n').at(-1) ?? '';

const probeFooter = 'c clean up  esc back';

/** Opens the probe screen from home and waits until its keymap owns the keyboard (its footer shows). */
async function openProbe(app: ReturnType<typeof renderApp>) {
	await select(app, 'Probe');
	app.stdin.write(keys.enter);
	return until(app, frame => footer(frame) === probeFooter, 'the probe screen with its footer');
}

describe('home', () => {
	it('↑↓ move the selection through every registered screen, wrapping', async () => {
		const app = renderApp();
		await tick();
		const menu = menuScreens(appScreens).map(screen => screen.title);
		expect(menu).toEqual(expect.arrayContaining(['Probe', 'Other']));
		await until(app, frame => selected(frame) === menu[0], `${menu[0]} selected first`);
		for (let i = 1; i <= menu.length; i++) {
			app.stdin.write(keys.down);
			await until(app, frame => selected(frame) === menu[i % menu.length], `${menu[i % menu.length]} selected`);
		}

		app.stdin.write(keys.up);
		await until(app, frame => selected(frame) === menu.at(-1), 'up to wrap to the last entry');
		app.stdin.write('k');
		await until(app, frame => selected(frame) === menu.at(-2), 'k to move up');
	});

	it('enter opens the selected screen; its keymap takes the keyboard; esc comes back', async () => {
		const app = renderApp();
		await tick();
		const frame = await openProbe(app);
		expect(frame).toContain('probe screen');
		expect(frame).toMatch(/alpinist › Probe/);
		expect(frame).not.toContain('Migration phases');
		// ↓ belongs to home's keymap, not the probe's: nothing moves; esc goes back.
		app.stdin.write(keys.down);
		app.stdin.write(keys.escape);
		const home = await until(app, frame => frame.includes('Migration phases'), 'home again');
		expect(home).toMatch(/alpinist › Home/);
		expect(selected(home)).toBe(menuScreens(appScreens)[0].title);
	});

	it('esc at home does nothing: the app stays, home keeps the keyboard', async () => {
		const app = renderApp();
		await until(app, frame => /q quit/.test(footer(frame)), 'the home footer');
		const before = selected(app.frame());
		app.stdin.write(keys.escape);
		await tick(200);
		expect(app.exitCode()).toBeUndefined();
		app.stdin.write(keys.down);
		const moved = await until(app, frame => selected(frame) !== before, 'the selection to move after esc');
		expect(moved).toContain('Migration phases');
		expect(footer(moved)).not.toMatch(/esc/);
	});

	it('back from a screen opened directly leads home, and no further', () => {
		expect(routes([{id: 'top'}], {type: 'back'})).toEqual([{id: 'home'}]);
		expect(routes([{id: 'home'}], {type: 'back'})).toEqual([{id: 'home'}]);
		expect(routes([{id: 'home'}, {id: 'top'}], {type: 'back'})).toEqual([{id: 'home'}]);
	});

	it('a route to a screen the registry lacks is an error on screen, not another screen', async () => {
		const harness = testContext('ui-shell');
		cleanups.push(harness.cleanup);
		// This registry has no Home: the first route (home) is not in it.
		const app = render(<App context={harness.context} screens={testScreens} />);
		cleanups.push(app.unmount);
		const frame = await until(app, frame => frame.includes('No screen'), 'the error line');
		expect(frame).toContain('No screen "home"');
		expect(frame).not.toContain('probe screen');
	});

	it('q leaves with exit code 0', async () => {
		const app = renderApp();
		await until(app, frame => /q quit/.test(footer(frame)), 'the home footer');
		app.stdin.write('q');
		await waitUntil(() => app.exitCode() !== undefined, {what: 'the app to exit', timeoutMs: 5000, intervalMs: 10});
		expect(app.exitCode()).toBe(0);
	});
});

describe('footer', () => {
	it('shows the active keymap and changes with the screen', async () => {
		const app = renderApp();
		const home = footer(await until(app, frame => /q quit/.test(footer(frame)), 'the home footer'));
		expect(home).toBe('↑↓ select  enter open  n next: Pre-migration checklist passes  q quit');
		expect(footer(await openProbe(app))).toBe(probeFooter);
		app.stdin.write(keys.escape);
		await until(app, frame => footer(frame) === home, 'the home footer again');
	});

	it('a confirmation takes the keyboard and the footer until answered', async () => {
		const app = renderApp();
		await tick();
		await openProbe(app);
		app.stdin.write('c');
		const asking = await until(app, frame => footer(frame) === 'y remove  n/esc cancel', 'the question and its footer');
		expect(asking).toContain('Remove the probe stack?');
		expect(asking).toContain('• container probe-1');
		// esc answers the question (no); the screen underneath does not go back.
		app.stdin.write(keys.escape);
		const answered = await until(app, frame => frame.includes('answer: no'), 'the answer no');
		expect(answered).toContain('probe screen');
		await until(app, frame => footer(frame) === probeFooter, 'the probe footer back');

		app.stdin.write('c');
		await until(app, frame => footer(frame) === 'y remove  n/esc cancel', 'the question again');
		app.stdin.write('y');
		const yes = await until(app, frame => frame.includes('answer: yes'), 'the answer yes');
		expect(yes).not.toContain('Remove the probe stack?');
		await until(app, frame => footer(frame) === probeFooter, 'the probe footer back');
	});
});

describe('header', () => {
	it('says "connecting…" while the store has no answer yet', async () => {
		const app = renderApp();
		await tick();
		expect(app.harness.context.store.getSnapshot().status).toBe('connecting');
		expect(app.frame()).toMatch(/engine connecting…/);
		expect(app.frame()).toMatch(/project ui-shell-\d+/);
	});
});
