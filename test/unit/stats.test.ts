import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {computeStats, cpuCounters, cpuPercent, memoryUsage, type RawStats} from '../../source/docker/stats.js';

const sample = (name: string): RawStats => JSON.parse(readFileSync(new URL(`../fixtures/stats/${name}`, import.meta.url), 'utf8'));

describe('docker stats formulas on a recorded cgroup v1 sample', () => {
	const v1 = sample('cgroup-v1-busybox.json');

	it('CPU % = Δcontainer / Δsystem × online CPUs × 100', () => {
		// (3060982418 − 2342665065) / (1969150000000 − 1967160000000) × 2 × 100
		expect(cpuPercent(v1)).toBeCloseTo((718_317_353 / 1_990_000_000) * 2 * 100, 6);
		expect(cpuPercent(v1)).toBeCloseTo(72.19, 2);
	});

	it('memory = usage − total_inactive_file (the page cache of the 8 MiB file does not count)', () => {
		expect(memoryUsage(v1)).toBe(8_994_816 - 8_388_608);
	});

	it('computes the whole row as `docker stats` shows it', () => {
		const stats = computeStats(v1);
		expect(stats.memLimit).toBe(64 * 1024 * 1024);
		expect(stats.memPercent).toBeCloseTo((606_208 / 67_108_864) * 100, 6);
		expect(stats.netRx).toBe(516);
		expect(stats.netTx).toBe(0);
		expect(stats.blkRead).toBe(0);
		expect(stats.blkWrite).toBe(0);
		expect(stats.pids).toBe(1);
		expect(stats.readAt).toBe(Date.parse('2026-11-28T08:32:21.494572256Z'));
	});

	it('falls back to the length of percpu_usage when online_cpus is missing', () => {
		const withoutOnline = structuredClone(v1);
		delete withoutOnline.cpu_stats!.online_cpus;
		expect(cpuPercent(withoutOnline)).toBeCloseTo(cpuPercent(v1), 6);
	});
});

describe('docker stats formulas on a cgroup v2 sample', () => {
	const v2 = sample('cgroup-v2.json');

	it('CPU % without percpu_usage uses online_cpus', () => {
		expect(cpuPercent(v2)).toBeCloseTo(20, 10);
	});

	it('memory = usage − inactive_file', () => {
		expect(memoryUsage(v2)).toBe(40 * 1024 * 1024);
	});

	it('block I/O sums lowercase read/write over devices; network sums interfaces; throttling is kept', () => {
		const stats = computeStats(v2);
		expect(stats.memPercent).toBeCloseTo(15.625, 10);
		expect(stats.blkRead).toBe(5 * 1024 * 1024);
		expect(stats.blkWrite).toBe(1024 * 1024);
		expect(stats.netRx).toBe(2000);
		expect(stats.netTx).toBe(1000);
		expect(stats.pids).toBe(5);
		expect(stats.throttledPeriods).toBe(7);
		expect(stats.periods).toBe(120);
		expect(stats.throttledTimeNs).toBe(351_000_000);
	});
});

describe('edge cases the CLI handles', () => {
	const v1 = sample('cgroup-v1-busybox.json');

	it('no CPU % when either delta is not positive (the first sample of a stream)', () => {
		const first = structuredClone(v1);
		first.precpu_stats = {cpu_usage: {total_usage: 0}, system_cpu_usage: 0};
		first.cpu_stats!.system_cpu_usage = 0;
		expect(cpuPercent(first)).toBe(0);
		expect(cpuPercent(v1, cpuCounters(v1))).toBe(0);
	});

	it('deltas against the previous sample given explicitly', () => {
		const previous = {cpu: 3_000_000_000, system: 1_968_150_000_000};
		expect(cpuPercent(v1, previous)).toBeCloseTo((60_982_418 / 1_000_000_000) * 2 * 100, 6);
	});

	it('a v1 total_inactive_file not below usage falls through to inactive_file, as calculateMemUsageUnixNoCache does', () => {
		expect(memoryUsage({memory_stats: {usage: 100, stats: {total_inactive_file: 150, inactive_file: 30}}})).toBe(70);
		expect(memoryUsage({memory_stats: {usage: 100, stats: {total_inactive_file: 100}}})).toBe(100);
		expect(memoryUsage({memory_stats: {usage: 100, stats: {}}})).toBe(100);
		expect(memoryUsage({memory_stats: {usage: 100, stats: {inactive_file: 200}}})).toBe(100);
	});

	it('a stopped container (empty sample) gives zeros, not NaN', () => {
		const stats = computeStats({read: '0001-01-01T00:00:00Z', memory_stats: {}, blkio_stats: {io_service_bytes_recursive: null}});
		expect(stats.cpuPercent).toBe(0);
		expect(stats.memUsage).toBe(0);
		expect(stats.memPercent).toBe(0);
		expect(stats.blkRead).toBe(0);
	});
});
