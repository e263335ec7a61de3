import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {FooterContext} from '../../source/components/footer-context.js';
import {DockerStore} from '../../source/docker/store.js';
import {createContext} from '../../source/flows/context.js';
import {AppContext, type AppContextValue} from '../../source/hooks/use-app-context.js';
import Migrate from '../../source/screens/Migrate.js';
import {preloadScreens} from '../../source/screens/index.js';
import {eventually} from '../helpers/ui.js';
import {lockFile} from '../../source/project/lock.js';

const tick = () => new Promise(resolve => setTimeout(resolve, 50));
const until = eventually;
const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

/** A project with only a regular compose file, a temporary progress store, an engine that is never reached. */
function setup(options: {alpine?: boolean} = {}) {
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-ui-migrate-'));
	dirs.push(dir);
	writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  web:\n    image: busybox\n');
	if (options.alpine) writeFileSync(path.join(dir, 'docker-compose.alpine.yml'), 'services:\n  web:\n    image: busybox\n');
	const store = new DockerStore({endpoint: {host: `unix://${path.join(dir, 'no-engine.sock')}`, source: 'DOCKER_HOST'}});
	const flow = createContext({projectDir: dir, stateDir: path.join(dir, 'state'), store});
	const navigate = vi.fn();
	const back = vi.fn();
	let hints: string[] = [];
	const value: AppContextValue = {flow, navigate, replace: vi.fn(), back, exit: vi.fn(), menu: []};
	const tree = (
		<AppContext.Provider value={value}>
			<FooterContext.Provider value={{setHints: next => (hints = next)}}>
				<Migrate isActive params={{}} />
			</FooterContext.Provider>
		</AppContext.Provider>
	);
	return {flow, navigate, back, tree, hints: () => hints.join(' | '), store};
}

describe('Migrate screen', () => {
	// Screens load lazily (React.lazy): load them first, so the first frame is the screen.
	beforeAll(preloadScreens);
	it('before starting, shows each step’s recorded state and where it resumes', async () => {
		const {flow, tree, hints} = setup({alpine: true});
		flow.progress.recordStep('migrate.enable', {status: 'pass'});
		flow.progress.recordStep('migrate.build', {status: 'pass', data: {images: []}});
		flow.progress.recordStep('migrate.start', {status: 'running'});
		const {lastFrame, unmount} = render(tree);
		await until(() => expect(hints()).toContain('enter start'));
		const frame = lastFrame()!;
		expect(frame).toMatch(/Build Alpine images\s+pass at/);
		expect(frame).toMatch(/Start the Alpine stack\s+running at .* — resumes here/);
		expect(frame).toMatch(/Verify the Alpine deployment\s+not run yet/);
		expect(hints()).toContain('enter start');
		expect(hints()).toContain('f force rebuild off');
		expect(hints()).not.toContain('troubleshoot');
		unmount();
	});

	it('f toggles --force-rebuild, in the footer and the header', async () => {
		const {tree, hints} = setup({alpine: true});
		const {lastFrame, stdin, unmount} = render(tree);
		await tick();
		expect(lastFrame()).not.toContain('--force-rebuild');
		stdin.write('f');
		await until(() => expect(lastFrame()).toContain('--force-rebuild'));
		await until(() => expect(hints()).toContain('f force rebuild on'));
		unmount();
	});

	it('a failed checklist blocks the start until s overrides it', async () => {
		const {flow, tree, hints} = setup({alpine: true});
		flow.progress.recordStep('check.all', {status: 'fail', summary: '1 check failed'});
		const {lastFrame, stdin, unmount} = render(tree);
		await tick();
		expect(lastFrame()).toMatch(/checklist failed \(1 check failed\)/);
		expect(hints()).not.toContain('enter start');
		expect(hints()).toContain('s skip the failed checklist');
		stdin.write('s');
		await until(() => expect(hints()).toContain('enter start'));
		expect(lastFrame()).toMatch(/--skip-check overrides it/);
		unmount();
	});

	it('a failed run shows why and offers troubleshooting (d) and rollback (r)', async () => {
		const {tree, navigate, hints} = setup();
		const {lastFrame, stdin, unmount} = render(tree);
		await tick();
		stdin.write('\r');
		await until(() => expect(lastFrame()).toMatch(/The project has no Alpine compose file \(docker-compose.alpine.yml\)/));
		await until(() => expect(hints()).toContain('d troubleshoot'));
		expect(hints()).toContain('r roll back');
		expect(hints()).toContain('enter run again');
		stdin.write('d');
		await until(() => expect(navigate).toHaveBeenLastCalledWith({id: 'doctor'}));
		stdin.write('r');
		await until(() => expect(navigate).toHaveBeenLastCalledWith({id: 'rollback'}));
		unmount();
	});

	it('an unreachable engine ends the run with that message', async () => {
		const {tree, store} = setup({alpine: true});
		const {lastFrame, stdin, unmount} = render(tree);
		await tick();
		stdin.write('\r');
		await store.start();
		await until(() => expect(lastFrame()).toMatch(/Docker engine is unreachable/));
		store.stop();
		unmount();
	});

	it('does not start while another process holds the project lock, and names it', async () => {
		const {flow, tree, store} = setup({alpine: true});
		const holder = spawn('sleep', ['30']);
		try {
			const file = lockFile(path.dirname(flow.progress.file), flow.project.root);
			mkdirSync(path.dirname(file), {recursive: true});
			writeFileSync(file, JSON.stringify({pid: holder.pid, command: 'rollback', startedAt: new Date().toISOString(), project: flow.project.root, host: hostname()}));
			const {lastFrame, stdin, unmount} = render(tree);
			await tick();
			stdin.write('\r');
			// The frame wraps at 100 columns: read it as one line.
			await until(() => expect(lastFrame()!.replace(/\s+/g, ' ')).toMatch(new RegExp(`Not started: the project .* is locked by process ${holder.pid} \\(alpinist rollback`)));
			expect(flow.progress.step('migrate.enable')).toBeUndefined();
			unmount();
		} finally {
			holder.kill();
			store.stop();
		}
	});
});
