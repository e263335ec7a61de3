import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import App from '../../source/app.js';
import BigTime, {bigRows, bigTimeText} from '../../source/components/BigTime.js';
import RollbackSteps from '../../source/components/RollbackSteps.js';
import {createContext} from '../../source/flows/context.js';
import {beginRun, stepFinished, stepStarted} from '../../source/flows/rollback/journal.js';
import {discoverProject} from '../../source/project/discover.js';
import {preloadScreens} from '../../source/screens/index.js';

const tick = () => new Promise(resolve => setTimeout(resolve, 50));
const root = path.resolve(import.meta.dirname, '../..');

describe('Rollback screen', () => {
	// Screens load lazily (React.lazy): load them first, so the first frame is the screen.
	beforeAll(preloadScreens);
	let dir: string | undefined;
	afterEach(() => dir && rmSync(dir, {recursive: true, force: true}));
	const context = () => {
		dir = mkdtempSync(path.join(tmpdir(), 'alpinist-rollback-ui-'));
		return createContext({project: discoverProject({dir: root}), stateDir: dir});
	};

	it('offers emergency and permanent, and says nothing changes before a confirmation', async () => {
		const ui = render(<App context={context()} initial={{id: 'rollback'}} />);
		await tick();
		const frame = ui.lastFrame()!;
		expect(frame).toContain('Emergency');
		expect(frame).toContain('Permanent');
		expect(frame).toContain('backed up first');
		expect(frame).toContain('confirm, before anything changes');
		expect(frame).toMatch(/e emergency.*p permanent.*esc back/s);
		ui.unmount();
	});

	it('shows an interrupted rollback and offers to resume it', async () => {
		const ctx = context();
		let run = beginRun(ctx.progress, {mode: 'permanent', backup: true});
		run = stepStarted(ctx.progress, run, 'default');
		run = stepFinished(ctx.progress, run, 'default', {status: 'pass'});
		stepStarted(ctx.progress, run, 'backup');
		const ui = render(<App context={ctx} initial={{id: 'rollback'}} />);
		await tick();
		const frame = ui.lastFrame()!;
		expect(frame).toContain('Interrupted permanent rollback');
		expect(frame).toContain('Back up the volumes');
		expect(frame).toContain('r resume the permanent rollback');
		ui.unmount();
	});

	it('the last rollback is listed from the progress store', async () => {
		const ctx = context();
		ctx.progress.append('rollback', {mode: 'emergency', ok: true, durationMs: 4210});
		const ui = render(<App context={ctx} initial={{id: 'rollback'}} />);
		await tick();
		expect(ui.lastFrame()).toContain('Last rollback: emergency done in 4.21 s');
		ui.unmount();
	});
});

describe('rollback pieces', () => {
	it('draws the time in block digits with its unit', () => {
		expect(bigTimeText(4213)).toEqual({digits: '4.21', unit: 's'});
		expect(bigTimeText(83_400)).toEqual({digits: '1:23', unit: 'min'});
		expect(bigRows('1.0')[4]).toBe('███ █ ███');
		const ui = render(<BigTime ms={4213} label="confirmation → verified" />);
		const lines = ui.lastFrame()!.split('\n');
		expect(lines).toHaveLength(5);
		expect(lines[4]).toContain('confirmation → verified');
		ui.unmount();
	});

	it('lists steps with marks, summaries, times and the detail of a failed one', () => {
		const ui = render(
			<RollbackSteps
				steps={[
					{id: 'stop', title: 'Stop the Alpine stacks', status: 'pass', summary: '3 containers stopped', durationMs: 420},
					{id: 'start', title: 'Start the regular stack', status: 'fail', summary: 'backend is unhealthy', durationMs: 9000, detail: ['health: exit 1: connection refused']},
					{id: 'backup', title: 'Back up the volumes', status: 'skip', summary: 'done before the interruption'},
				]}
			/>,
		);
		const frame = ui.lastFrame()!;
		expect(frame).toContain('✓ Stop the Alpine stacks — 3 containers stopped (420 ms)');
		expect(frame).toContain('✗ Start the regular stack — backend is unhealthy (9.00 s)');
		expect(frame).toContain('health: exit 1: connection refused');
		expect(frame).toContain('- Back up the volumes — done before the interruption');
		ui.unmount();
	});
});
