import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import LogTail from '../../source/components/LogTail.js';
import StepList from '../../source/components/StepList.js';

const tick = () => new Promise(resolve => setTimeout(resolve, 50));
const planned = [
	{id: 'migrate.enable', title: 'Enable Alpine mode'},
	{id: 'migrate.healthy', title: 'Wait until every service is healthy'},
	{id: 'migrate.verify', title: 'Verify the Alpine deployment'},
];

describe('StepList', () => {
	it('keeps the mark, title and time when a summary is too long: only the summary is cut', async () => {
		const long = 'x'.repeat(200);
		const {lastFrame} = render(
			<Box width={100}>
				<StepList
					planned={planned}
					steps={[
						{id: 'migrate.enable', title: 'Enable Alpine mode', status: 'pass', durationMs: 3, summary: long},
						{id: 'migrate.healthy', title: 'Wait until every service is healthy', status: 'running'},
						{id: 'migrate.healthy.sub', title: 'A sub-step', status: 'pass', durationMs: 793, summary: long},
					]}
					progress={{'migrate.healthy': {done: 1, total: 3, label: 'healthy'}}}
				/>
			</Box>,
		);
		await tick();
		const lines = lastFrame()!.split('\n');
		expect(lines[0]).toMatch(/^✓ Enable Alpine mode {22}3 ms {5}x+…$/);
		expect(lines[1]).toMatch(/^. Wait until every service is healthy {14}1\/3 healthy$/);
		expect(lines[2]).toMatch(/^ {2}✓ A sub-step {28}793 ms {3}x+…$/);
		expect(lines[3]).toBe('· Verify the Alpine deployment');
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
	});

	it('shows a failed step’s detail (health output, logs) below it', async () => {
		const {lastFrame} = render(
			<StepList
				planned={planned}
				steps={[{id: 'migrate.healthy', title: 'Wait until every service is healthy', status: 'fail', summary: 'backend exited', detail: ['backend exited, exit code 127', '  Error loading shared library libc.so.6']}]}
			/>,
		);
		await tick();
		expect(lastFrame()).toMatch(/✗ Wait until every service is healthy\s+backend exited\n\s+backend exited, exit code 127\n\s+Error loading shared library libc.so.6/);
	});
});

describe('StepList with settledAbove', () => {
	it('writes the steps done for good once, above the live ones, in plan order', async () => {
		const enable = {id: 'migrate.enable', title: 'Enable Alpine mode', status: 'pass' as const, durationMs: 3};
		const healthy = {id: 'migrate.healthy', title: 'Wait until every service is healthy', status: 'running' as const};
		const {lastFrame, rerender} = render(<StepList settledAbove planned={planned} steps={[enable, healthy]} />);
		await tick();
		rerender(<StepList settledAbove planned={planned} steps={[enable, {...healthy, status: 'pass', durationMs: 900}]} />);
		await tick();
		const frame = lastFrame()!;
		expect(frame.match(/Enable Alpine mode/g)).toHaveLength(1);
		expect(frame.match(/Wait until every service is healthy/g)).toHaveLength(1);
		const lines = frame.split('\n').filter(line => line.trim() !== '');
		expect(lines[0]).toMatch(/^✓ Enable Alpine mode +3 ms/);
		expect(lines[1]).toMatch(/^✓ Wait until every service is healthy +900 ms/);
		expect(lines[2]).toBe('· Verify the Alpine deployment');
	});
});

describe('LogTail', () => {
	it('shows the last lines with their source, without control sequences', async () => {
		const lines = Array.from({length: 12}, (_, index) => ({source: 'backend', line: `Step ${index + 1}/12`}));
		lines.push({source: 'backend', line: 'evil\u001B]0;title\u0007 done'});
		const {lastFrame} = render(<LogTail title="Build Alpine images" lines={lines} height={3} hint="l longer" />);
		await tick();
		const frame = lastFrame()!;
		expect(frame).toContain('Build Alpine images · last 3 of 13 lines · l longer');
		expect(frame).toMatch(/backend\s+│ Step 11\/12\n\s*backend\s+│ Step 12\/12\n\s*backend\s+│ evil done/);
		expect(frame).not.toContain('Step 10/12');
		expect(frame).not.toContain('\u001B]0');
	});
});
