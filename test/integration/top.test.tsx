import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import App from '../../source/app.js';
import {DockerStore} from '../../source/docker/store.js';
import {createContext} from '../../source/flows/context.js';
import type {FlowContext} from '../../source/flows/types.js';
import {discoverProject} from '../../source/project/discover.js';
import {columnIds} from '../../source/top/columns.js';
import {removeTopFixture, startTopFixture, type TopFixture} from '../helpers/top-fixture.js';
import {preloadScreens} from '../../source/screens/index.js';
import {waitForFrame} from '../helpers/ui.js';

// The Top screen fed by a real engine: real containers, a real DockerStore, keys through stdin.
const base = `it-top-ui-${process.pid}`;
const tick = () => new Promise(resolve => setTimeout(resolve, 50));
const escape = '\u001B';
const enter = '\r';

let fixture: TopFixture;
let context: FlowContext;
let store: DockerStore;
let stateDir: string;
let exitCode: number | undefined;
let app: ReturnType<typeof render>;

const frame = () => app.lastFrame() ?? '';

const until = (predicate: (text: string) => boolean, what: string, timeoutMs = 30_000) => waitForFrame(frame, predicate, {what, timeoutMs, intervalMs: 100});

async function press(...keys: string[]): Promise<void> {
	for (const key of keys) {
		app.stdin.write(key);
		await tick();
	}
}

/** The table's data lines (the rows between the header line and the detail pane or the footer). */
function tableRows(text: string): string[] {
	const lines = text.split('\n');
	const header = lines.findIndex(line => line.startsWith('NAME'));
	return lines.slice(header + 1).filter(line => line.startsWith(base));
}

const rowOf = (text: string, name: string) => tableRows(text).find(line => line.startsWith(name)) ?? '';
const cpuOf = (line: string) => Number(/(\d+\.\d\d)%/.exec(line)?.[1] ?? Number.NaN);

const sortLabel = () => /sort: (.+?) {2}S reverse/.exec(frame())?.[1];

/** Presses "s" one column at a time (waiting for each frame) until the sort is on this column. */
async function sortBy(title: string): Promise<void> {
	for (let i = 0; i <= columnIds.length; i++) {
		const current = sortLabel();
		if (current === title) return;
		await press('s');
		await until(() => sortLabel() !== current, `the sort after ${current}`);
	}

	throw new Error(`no sort column titled ${title}`);
}

beforeAll(async () => {
	fixture = await startTopFixture(base);
	stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-top-ui-'));
	const project = discoverProject();
	project.name = base;
	project.projectNames = {regular: base, alpine: `${base}-alpine`, alpineTest: `${base}-alpine-test`};
	store = new DockerStore();
	context = createContext({project, stateDir, store});
	await store.start();
	app = render(<App context={context} initial={{id: 'top', params: {interval: 0.2, filter: base}}} onExit={code => (exitCode = code)} />);
	// The test terminal starts at 100 columns; widen it the way a terminal does (resize event), so
	// the names fit and the resize path is exercised.
	await until(text => text.includes('NAME'), 'the first table');
	Object.defineProperty(app.stdout, 'columns', {value: 170, configurable: true});
	Object.defineProperty(app.stdout, 'rows', {value: 40, configurable: true});
	app.stdout.emit('resize');
	await until(text => text.includes('BLOCK I/O'), 'the wide layout after the resize');
	await until(text => Object.values(fixture.names).filter(name => name !== fixture.names.stopped).every(name => text.includes(name)), 'the running containers');
});

afterAll(async () => {
	app?.unmount();
	store?.stop();
	if (fixture) await removeTopFixture(fixture.docker, base);
	if (stateDir) rmSync(stateDir, {recursive: true, force: true});
});

describe('Top screen on a real engine', () => {
	// Screens load lazily (React.lazy): load them first, so the first frame is the screen.
	beforeAll(preloadScreens);
	it('shows the variant from the compose project name or the image, and states the CPU % convention', async () => {
		const text = await until(text => rowOf(text, fixture.names.esc).includes('regular'), 'the image variant of the Debian container');
		expect(rowOf(text, fixture.names.busy)).toContain('Alpine');
		expect(rowOf(text, fixture.names.idle)).toContain('regular');
		expect(text).toContain('100 % = one core');
		expect(text).toMatch(/cgroup v[12]/);
		expect(text).not.toContain(fixture.names.stopped);
		await press('a');
		const all = await until(text => text.includes(fixture.names.stopped), 'the stopped container with "all"');
		expect(rowOf(all, fixture.names.stopped)).toContain('exited 0');
		await press('a');
		await until(text => !text.includes(fixture.names.stopped), 'running only again');
	});

	it('sorts by CPU biggest first, reverses, then sorts by memory', async () => {
		await until(text => cpuOf(rowOf(text, fixture.names.busy)) > 5 && tableRows(text).every(line => !/\s--\s/.test(line)), 'stats for every row and a busy container');
		await sortBy('CPU %');
		let text = await until(text => text.includes('CPU %▼'), 'the CPU sort mark');
		expect(tableRows(text)[0]).toContain(fixture.names.busy);
		const cpus = tableRows(text).map(cpuOf);
		expect([...cpus].sort((a, b) => b - a)).toEqual(cpus);
		await press('S');
		text = await until(text => text.includes('CPU %▲'), 'the reversed CPU sort');
		expect(tableRows(text).at(-1)).toContain(fixture.names.busy);
		await sortBy('MEM USAGE / LIMIT');
		text = await until(text => tableRows(text)[0]?.startsWith(fixture.names.mem), 'the memory-holding container first');
		expect(text).toContain('MEM USAGE / LIMIT▼');
	});

	it('filters by typed text without firing other keys, and by this project only', async () => {
		await press('/', ...'alpine-busy');
		let text = await until(text => text.includes('/alpine-busy▏'), 'the filter being typed');
		// "s" went to the filter: the sort did not move on.
		expect(text).toContain('sorted by MEM USAGE / LIMIT');
		expect(tableRows(text)).toHaveLength(1);
		expect(tableRows(text)[0]).toContain(fixture.names.busy);
		await press(enter);
		text = await until(text => text.includes('filter "alpine-busy"'), 'the applied filter');
		await press(escape);
		text = await until(text => !text.includes('filter "alpine-busy"'), 'the filter cleared by esc');
		await press('/', ...base, enter);
		await until(text => tableRows(text).length === 4, 'the four running containers');
		await press('p');
		text = await until(text => tableRows(text).length === 3, 'this project only');
		expect(text).not.toContain(fixture.names.esc);
		expect(text).toContain(`project ${base} only`);
		await press('p');
		await until(text => tableRows(text).length === 4, 'every project again');
	});

	it('opens a detail pane with sparklines and the last log lines, escape sequences stripped', async () => {
		await sortBy('NAME');
		// NAME ascending: alpine-busy, alpine-mem, esc, idle. Select the third.
		await press('\u001B[B', '\u001B[B', enter);
		let text = await until(text => /samples over \d+ s \((every [\d.]+ s|one so far), from its (cgroup files|engine stats stream)\)/.test(text) && text.includes('red'), 'the detail pane with the log line');
		expect(text).toContain('Debian GNU/Linux 12 (bookworm)');
		expect(text).toMatch(/CPU\s+[▁▂▃▄▅▆▇█ ]+\s+\d+\.\d\d%/);
		expect(text).toMatch(/memory\s+[▁▂▃▄▅▆▇█ ]+\s+\d/);
		expect(text).not.toContain('pwned');
		expect(text).not.toContain('\u0007');
		expect(text).not.toContain('\u001B]');
		// The pane follows the selection.
		await press('\u001B[A', '\u001B[A');
		text = await until(text => text.includes(`${fixture.names.busy} · `), 'the pane on the busy container');
		await until(text => /CPU\s+ *[▁▂▃▄▅▆▇█]{2,}/.test(text), 'a CPU history of two samples or more');
		await press(escape);
		text = await until(text => !text.includes('samples over'), 'the pane closed');
		await press('q');
		expect(exitCode).toBe(0);
	});
});
