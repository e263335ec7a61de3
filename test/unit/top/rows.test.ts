import {describe, expect, it} from 'vitest';
import type {Stats} from '../../../source/docker/stats.js';
import type {ContainerInfo} from '../../../source/docker/types.js';
import type {ImageVariant} from '../../../source/docker/variant.js';
import type {Project} from '../../../source/project/discover.js';
import {layoutColumns, nextSortColumn, sortRows, headerCells, rowCells} from '../../../source/top/columns.js';
import {formatTable} from '../../../source/headless/top.js';
import {buildRows, filterRows, statusText, totalsByVariant} from '../../../source/top/rows.js';
import {sparkline} from '../../../source/top/sparkline.js';
import {ioBytes, memBytes, percent, uptime} from '../../../source/top/units.js';

const project = {name: 'shop', projectNames: {regular: 'shop', alpine: 'shop-alpine', alpineTest: 'shop-alpine-test'}} as Project;
const now = Date.parse('2026-01-01T12:00:00Z');

function container(name: string, extra: Partial<ContainerInfo> = {}): ContainerInfo {
	return {
		id: `id-${name}`,
		name,
		image: 'img',
		imageId: 'sha256:img',
		created: 0,
		state: 'running',
		status: 'Up',
		startedAt: '2026-01-01T11:00:00Z',
		health: 'none',
		healthLog: [],
		labels: {},
		ports: [],
		mounts: [],
		limits: {memoryBytes: 0, nanoCpus: 0, cpuQuota: 0, cpuPeriod: 0, pidsLimit: 0},
		inspected: true,
		...extra,
	};
}

function stats(cpuPercent: number, memUsage: number): Stats {
	return {cpuPercent, memUsage, memLimit: 1 << 30, memPercent: (memUsage / (1 << 30)) * 100, netRx: 1, netTx: 2, blkRead: 3, blkWrite: 4, pids: 1, throttledPeriods: 0, periods: 0, throttledTimeNs: 0, readAt: now};
}

const debian: ImageVariant = {family: 'regular', label: 'regular', source: 'os-release', osId: 'debian'};

function fixtureRows() {
	const containers = [
		container('shop-backend-1', {project: 'shop', service: 'backend'}),
		container('shop-alpine-backend-1', {project: 'shop-alpine', service: 'backend', health: 'healthy'}),
		container('shop-alpine-auth-1', {project: 'shop-alpine', service: 'auth', state: 'exited', exitCode: 137}),
		container('other\u001B]0;pwned\u0007db', {imageId: 'sha256:deb'}),
	];
	return buildRows({
		containers,
		stats: {'id-shop-backend-1': stats(5, 300e6), 'id-shop-alpine-backend-1': stats(1.5, 40e6), 'id-shop-alpine-auth-1': stats(9, 1)},
		project,
		imageVariant: id => (id === 'sha256:deb' ? debian : undefined),
		now,
	});
}

describe('rows', () => {
	it('builds rows with variant, status, uptime and stats; strips control sequences from names', () => {
		const rows = fixtureRows();
		expect(rows.map(row => row.name)).toEqual(['shop-backend-1', 'shop-alpine-backend-1', 'shop-alpine-auth-1', 'otherdb']);
		expect(rows.map(row => row.variant.label)).toEqual(['regular', 'Alpine', 'Alpine', 'regular']);
		expect(rows.map(row => row.status)).toEqual(['running', 'healthy', 'exited 137', 'running']);
		expect(rows[0].uptimeSeconds).toBe(3600);
		expect(rows[2].uptimeSeconds).toBeUndefined();
		// A stopped container shows no stats even when a stale sample is around.
		expect(rows[2].stats).toBeUndefined();
		expect(rows.map(row => row.ours)).toEqual([true, true, true, false]);
	});

	it('reads uptimes on a shared clock so that rows roll over together', () => {
		const started = (seconds: number) => new Date(now - seconds * 1000).toISOString();
		const at = (offset: number, ...ages: number[]) =>
			buildRows({containers: ages.map((age, i) => container(`c${i}`, {startedAt: started(age)})), stats: {}, project, imageVariant: () => undefined, now: now + offset}).map(row => row.uptimeSeconds);
		// Two containers 3 s apart: their values hold for the whole 30 s tick, then move together.
		expect(at(0, 125, 128)).toEqual([125, 128]);
		expect(at(29_000, 125, 128)).toEqual([125, 128]);
		expect(at(30_000, 125, 128)).toEqual([155, 158]);
		// A container started after the last tick (3 s after it) reads 0 until the next one.
		expect(at(5_000, -3)).toEqual([0]);
	});

	it('filters running only by default, all on demand, this project only, and by text', () => {
		const rows = fixtureRows();
		const names = (list: typeof rows) => list.map(row => row.name);
		expect(names(filterRows(rows, {text: '', all: false, projectOnly: false}))).toEqual(['shop-backend-1', 'shop-alpine-backend-1', 'otherdb']);
		expect(filterRows(rows, {text: '', all: true, projectOnly: false})).toHaveLength(4);
		expect(names(filterRows(rows, {text: '', all: true, projectOnly: true}))).toEqual(['shop-backend-1', 'shop-alpine-backend-1', 'shop-alpine-auth-1']);
		expect(names(filterRows(rows, {text: 'ALPINE', all: true, projectOnly: false}))).toEqual(['shop-alpine-backend-1', 'shop-alpine-auth-1']);
		expect(names(filterRows(rows, {text: 'auth', all: false, projectOnly: false}))).toEqual([]);
	});

	it('sorts numbers biggest first, text A→Z, reverses, and keeps rows without stats last', () => {
		const rows = fixtureRows();
		const names = (list: typeof rows) => list.map(row => row.name);
		expect(names(sortRows(rows, {column: 'cpu', reverse: false}))).toEqual(['shop-backend-1', 'shop-alpine-backend-1', 'otherdb', 'shop-alpine-auth-1']);
		expect(names(sortRows(rows, {column: 'cpu', reverse: true}))).toEqual(['shop-alpine-backend-1', 'shop-backend-1', 'otherdb', 'shop-alpine-auth-1']);
		expect(names(sortRows(rows, {column: 'name', reverse: false}))).toEqual(['otherdb', 'shop-alpine-auth-1', 'shop-alpine-backend-1', 'shop-backend-1']);
		expect(names(sortRows(rows, {column: 'uptime', reverse: false})).slice(-1)).toEqual(['shop-alpine-auth-1']);
		expect(nextSortColumn('name')).toBe('service');
		expect(nextSortColumn('uptime')).toBe('name');
	});

	it('sums CPU and memory per variant over the rows with stats', () => {
		const totals = totalsByVariant(fixtureRows());
		expect(totals).toEqual([
			{family: 'regular', containers: 2, withStats: 1, cpuPercent: 5, memUsage: 300e6},
			{family: 'alpine', containers: 2, withStats: 1, cpuPercent: 1.5, memUsage: 40e6},
		]);
	});

	it('describes states', () => {
		expect(statusText({state: 'running', health: 'starting'})).toBe('starting');
		expect(statusText({state: 'exited', health: 'none', exitCode: 0})).toBe('exited 0');
		expect(statusText({state: 'paused', health: 'healthy'})).toBe('paused');
	});
});

describe('columns', () => {
	it('fits the terminal: everything at 200 columns, fewer at 120 and 80, the name taking the rest', () => {
		const wide = layoutColumns(200);
		expect(wide.gap).toBe(2);
		expect(wide.columns.map(column => column.id)).toEqual(['name', 'service', 'variant', 'status', 'cpu', 'mem', 'memPercent', 'net', 'block', 'pids', 'uptime']);
		for (const width of [119, 80, 60]) {
			const layout = layoutColumns(width);
			const used = layout.columns.reduce((sum, column) => sum + column.shownWidth, 0) + layout.gap * (layout.columns.length - 1);
			expect(used).toBeLessThanOrEqual(width);
			expect(layout.columns.map(column => column.id)).toContain('cpu');
		}

		expect(layoutColumns(80).columns.map(column => column.id)).not.toContain('block');
	});

	it('marks the sort column and fits cells to their widths', () => {
		const {columns} = layoutColumns(200);
		expect(headerCells(columns, {column: 'cpu', reverse: false}).join(' ')).toContain('CPU %▼');
		expect(headerCells(columns, {column: 'name', reverse: true})[0].trim()).toBe('NAME▼');
		const cells = rowCells(columns, fixtureRows()[0]);
		cells.forEach((cell, index) => expect([...cell]).toHaveLength(columns[index].shownWidth));
		expect(cells[4].trim()).toBe('5.00%');
	});
});

describe('formatting', () => {
	it('uses docker stats units', () => {
		expect(memBytes(1_241_513)).toBe('1.184MiB');
		expect(memBytes(25_276_063_744)).toBe('23.54GiB');
		expect(memBytes(0)).toBe('0B');
		expect(ioBytes(1230)).toBe('1.23kB');
		expect(ioBytes(648)).toBe('648B');
		expect(percent(0)).toBe('0.00%');
		expect(uptime(59)).toBe('<1m');
		expect(uptime(60)).toBe('1m');
		expect(uptime(3 * 3600 + 4 * 60)).toBe('3h04m');
		expect(uptime(undefined)).toBe('-');
	});

	it('draws sparklines scaled to the largest value, newest right', () => {
		expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
		expect(sparkline([5, 10], 4)).toBe('  ▅█');
		expect(sparkline([0, 0, 0], 3)).toBe('▁▁▁');
		expect(sparkline([1, 2, 3, 4], 2)).toBe('▆█');
		expect(sparkline([50], 1, {max: 100})).toBe('▅');
	});

	it('prints the --once table like docker stats --no-stream', () => {
		const lines = formatTable(fixtureRows());
		expect(lines[0]).toMatch(/^NAME\s+SERVICE\s+VARIANT\s+STATUS\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS\s+UPTIME$/);
		expect(lines).toHaveLength(5);
		const cpuColumn = lines[0].indexOf('CPU %');
		expect(lines[1].slice(cpuColumn, cpuColumn + 5)).toBe('5.00%');
		expect(lines[3]).toContain('exited 137');
	});
});
