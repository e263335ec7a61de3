import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import BenchTable from '../../source/components/BenchTable.js';
import Table, {type CellProps} from '../../source/components/Table.js';
import {result} from '../fixtures/bench.js';

const tick = () => new Promise(resolve => setTimeout(resolve, 50));

describe('Table', () => {
	it('draws a boxed table with aligned columns, a rule between rows by default', async () => {
		const {lastFrame, unmount} = render(<Table data={[{name: 'backend', size: '82 MB'}, {name: 'auth', size: '3 MB'}]} columns={['name', {key: 'size', align: 'right'}]} />);
		await tick();
		expect(lastFrame()!.split('\n')).toEqual([
			'┌─────────┬───────┐',
			'│ name    │  size │',
			'├─────────┼───────┤',
			'│ backend │ 82 MB │',
			'├─────────┼───────┤',
			'│ auth    │  3 MB │',
			'└─────────┴───────┘',
		]);
		unmount();
	});

	it('takes every key when no columns are given, and can leave out the rules between rows', async () => {
		const {lastFrame, unmount} = render(<Table data={[{a: 1, b: true}, {a: 22}]} rowSeparators={false} padding={0} />);
		await tick();
		expect(lastFrame()!.split('\n')).toEqual(['┌──┬────┐', '│a │b   │', '├──┼────┤', '│1 │true│', '│22│    │', '└──┴────┘']);
		unmount();
	});

	it('tells a custom cell its row, column and value', async () => {
		const seen: string[] = [];
		const Cell = ({children, row, columnKey, value}: CellProps) => {
			seen.push(`${row}:${columnKey}=${String(value)}`);
			return <Text>{children}</Text>;
		};

		const {unmount} = render(<Table data={[{x: 'a'}, {x: 'b'}]} cell={Cell} />);
		await tick();
		expect(seen).toEqual(expect.arrayContaining(['0:x=a', '1:x=b']));
		unmount();
	});
});

describe('BenchTable', () => {
	it('shows each figure for both variants with the change, the target and the verdict', async () => {
		const {lastFrame, unmount} = render(<BenchTable result={result()} />);
		await tick();
		const frame = lastFrame()!;
		expect(frame).toMatch(/│ Metric\s+│\s+Regular │\s+Alpine │\s+Change │\s+Target │ Result\s+│/);
		expect(frame).toMatch(/│ Stack on disk\s+│\s+87.0 MB │\s+4.5 MB │/);
		expect(frame).toMatch(/│ {3}backend\s+│\s+82.0 MB │\s+3.2 MB │\s+96.1 % less │ 78 % smaller │ ✓ pass/);
		expect(frame).toMatch(/│ Startup\s+│\s+6.20 s \(6.10–6.30\) │\s+5.60 s \(5.55–5.65\) │\s+1.11× faster │\s+3× faster │ ✗ fail/);
		// Fits a 100-column terminal without wrapping a row.
		for (const line of frame.split('\n').filter(line => line.startsWith('│') || line.startsWith('┌'))) expect(line.length).toBeLessThanOrEqual(100);
		expect(frame).toContain('3 run(s) per variant in the order R A R A R A');
		expect(frame).toContain('✗ Startup 3× faster: measured 1.11× faster (regular/alpine ≥ 3) — not met');
		unmount();
	});
});
