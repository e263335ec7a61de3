import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {FooterContext} from '../../source/components/footer-context.js';
import type {FlowContext} from '../../source/flows/types.js';
import {AppContext, type AppContextValue} from '../../source/hooks/use-app-context.js';
import Convert from '../../source/screens/Convert.js';
import type {RouteParams} from '../../source/screens/types.js';
import {preloadScreens} from '../../source/screens/index.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dockerfiles');
const tick = () => new Promise(resolve => setTimeout(resolve, 30));
const ARROW_DOWN = '\u001B[B';
const PAGE_DOWN = '\u001B[6~';
let root: string;

beforeAll(() => {
	root = mkdtempSync(path.join(tmpdir(), 'alpinist-convert-ui-'));
	mkdirSync(path.join(root, 'docker'));
	copyFileSync(path.join(fixtures, 'node.Dockerfile'), path.join(root, 'docker', 'api.Dockerfile'));
	copyFileSync(path.join(fixtures, 'python-slim.Dockerfile'), path.join(root, 'docker', 'backend.Dockerfile'));
	copyFileSync(path.join(fixtures, 'requirements.txt'), path.join(root, 'docker', 'requirements.txt'));
});
afterAll(() => rmSync(root, {recursive: true, force: true}));

function mount(params: RouteParams['convert'] | undefined, confirm: FlowContext['confirm'] = async () => false) {
	let hints: string[] = [];
	const back = vi.fn();
	const value = {
		flow: {project: {root}, confirm} as unknown as FlowContext,
		navigate: vi.fn(),
		replace: vi.fn(),
		back,
		exit: vi.fn(),
		menu: [],
	} satisfies AppContextValue;
	const app = render(
		<AppContext.Provider value={value}>
			<FooterContext.Provider value={{setHints: next => (hints = next)}}>
				<Convert isActive params={params} />
			</FooterContext.Provider>
		</AppContext.Provider>,
	);
	return {...app, hints: () => hints, back};
}

describe('Convert screen', () => {
	// Screens load lazily (React.lazy): load them first, so the first frame is the screen.
	beforeAll(preloadScreens);
	it('shows the diff and the findings of the given file, with the keymap in the footer', async () => {
		const screen = mount({file: path.join(root, 'docker', 'backend.Dockerfile')});
		await tick();
		const frame = screen.lastFrame()!;
		expect(frame).toContain('backend.alpine.Dockerfile');
		expect(frame).toContain('+FROM python:3.11-alpine');
		expect(frame).toContain('-FROM python:3.11-slim-bookworm');
		expect(screen.hints()).toEqual(['↑↓ scroll', 'PgUp/PgDn page', 'w write', 'esc back']);
		screen.unmount();
	});

	it('scrolls with ↓ and PgDn', async () => {
		const screen = mount({file: path.join(root, 'docker', 'backend.Dockerfile')});
		await tick();
		expect(screen.lastFrame()).toContain('--- a/backend.Dockerfile');
		expect(screen.lastFrame()).toContain('rows 1–');
		screen.stdin.write(ARROW_DOWN);
		await tick();
		expect(screen.lastFrame()).not.toContain('--- a/backend.Dockerfile');
		expect(screen.lastFrame()).toContain('+++ b/backend.alpine.Dockerfile');
		expect(screen.lastFrame()).toContain('rows 2–');
		screen.stdin.write(PAGE_DOWN);
		await tick();
		expect(screen.lastFrame()).not.toContain('+++ b/backend.alpine.Dockerfile');
		expect(screen.lastFrame()).toMatch(/Findings \(\d+\)/);
		screen.unmount();
	});

	it('with mode files (convert without a file), lists the project\'s Dockerfiles and converts the chosen one', async () => {
		const screen = mount({mode: 'files'});
		await tick();
		expect(screen.lastFrame()).toContain('› docker/api.Dockerfile');
		expect(screen.hints()).toEqual(['↑↓ select', 'enter convert', 'esc back']);
		screen.stdin.write(ARROW_DOWN);
		await tick();
		expect(screen.lastFrame()).toContain('› docker/backend.Dockerfile');
		screen.stdin.write('\r');
		await tick();
		expect(screen.lastFrame()).toContain('+FROM python:3.11-alpine');
		screen.unmount();
	});

	it('w writes the variant, and asks before overwriting it', async () => {
		const target = path.join(root, 'docker', 'api.alpine.Dockerfile');
		rmSync(target, {force: true});
		const confirm = vi.fn(async () => false);
		const screen = mount({file: path.join(root, 'docker', 'api.Dockerfile')}, confirm);
		await tick();
		screen.stdin.write('w');
		await tick();
		expect(existsSync(target)).toBe(true);
		expect(readFileSync(target, 'utf8')).toContain('FROM node:20-alpine');
		expect(screen.lastFrame()).toContain(`Wrote ${target}`);
		expect(confirm).not.toHaveBeenCalled();
		screen.stdin.write('w');
		await tick();
		expect(confirm).toHaveBeenCalledTimes(1);
		expect(screen.lastFrame()).toContain('Not written.');
		screen.unmount();
	});

	it('esc goes back', async () => {
		const screen = mount({file: path.join(root, 'docker', 'api.Dockerfile')});
		await tick();
		screen.stdin.write('\u001B');
		await tick();
		expect(screen.back).toHaveBeenCalled();
		screen.unmount();
	});
});
