import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {cgroupFiles, parseMountinfo, parseProcCgroup} from '../../source/docker/cgroup-files.js';
import {flatKeyed, parseBlkio, parseNetDev, parseProcStat, rawStatsFrom} from '../../source/docker/cgroup-stats.js';
import {computeStats} from '../../source/docker/stats.js';

const v1 = JSON.parse(readFileSync(new URL('../fixtures/stats/cgroup-v1-files.json', import.meta.url), 'utf8')) as Record<string, string>;
const id = 'a'.repeat(64);
const always = () => true;
const never = () => false;

describe('cgroup hierarchies and a container\'s place in them', () => {
	it('reads the v1 controllers and the hybrid cgroup2 mount from mountinfo', () => {
		const mounts = parseMountinfo(v1.mountinfo);
		expect(mounts.v1.get('cpuacct')).toEqual({mountPoint: '/sys/fs/cgroup/cpuacct', root: '/'});
		expect(mounts.v1.get('memory')?.mountPoint).toBe('/sys/fs/cgroup/memory');
		expect(mounts.v1.get('pids')?.mountPoint).toBe('/sys/fs/cgroup/pids');
		expect(mounts.v1.get('blkio')?.mountPoint).toBe('/sys/fs/cgroup/blkio');
		expect(mounts.v1.has('freezer')).toBe(false);
		expect(mounts.v2).toEqual({mountPoint: '/sys/fs/cgroup/unified', root: '/'});
	});

	it('reads combined controllers, escaped mount points and a namespaced root', () => {
		const mounts = parseMountinfo(
			[
				'30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct',
				'31 25 0:27 /docker/outer /sys/fs/cgroup/my\\040memory rw - cgroup cgroup rw,memory',
				'32 25 0:28 / /proc rw - proc proc rw',
			].join('\n'),
		);
		expect(mounts.v1.get('cpu')?.mountPoint).toBe('/sys/fs/cgroup/cpu,cpuacct');
		expect(mounts.v1.get('cpuacct')?.mountPoint).toBe('/sys/fs/cgroup/cpu,cpuacct');
		expect(mounts.v1.get('memory')).toEqual({mountPoint: '/sys/fs/cgroup/my memory', root: '/docker/outer'});
		expect(mounts.v2).toBeUndefined();
	});

	it('maps /proc/<pid>/cgroup to the v1 files of one sample, the CFQ blkio file only when the kernel has it', () => {
		const procCgroup = parseProcCgroup(v1.procCgroup.replaceAll('ID', id));
		expect(procCgroup.get('memory')).toBe(`/docker/${id}`);
		expect(procCgroup.get('')).toBe(`/docker/${id}`);
		const files = cgroupFiles(parseMountinfo(v1.mountinfo), procCgroup, id, {pid: 42, ownNetwork: true, exists: never});
		expect(files).toEqual({
			version: 1,
			cpu: `/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`,
			cpuStat: `/sys/fs/cgroup/cpu/docker/${id}/cpu.stat`,
			memUsage: `/sys/fs/cgroup/memory/docker/${id}/memory.usage_in_bytes`,
			memStat: `/sys/fs/cgroup/memory/docker/${id}/memory.stat`,
			memLimit: `/sys/fs/cgroup/memory/docker/${id}/memory.limit_in_bytes`,
			pids: `/sys/fs/cgroup/pids/docker/${id}/pids.current`,
			blkio: `/sys/fs/cgroup/blkio/docker/${id}/blkio.throttle.io_service_bytes_recursive`,
			netDev: '/proc/42/net/dev',
		});
		const cfq = cgroupFiles(parseMountinfo(v1.mountinfo), procCgroup, id, {pid: 42, ownNetwork: false, exists: always});
		expect(cfq).toMatchObject({blkio: `/sys/fs/cgroup/blkio/docker/${id}/blkio.io_service_bytes_recursive`, netDev: undefined});
	});

	it('refuses a process whose cgroup does not name the container (another machine, a reused PID)', () => {
		const procCgroup = parseProcCgroup(v1.procCgroup.replaceAll('ID', 'b'.repeat(64)));
		expect(cgroupFiles(parseMountinfo(v1.mountinfo), procCgroup, id, {pid: 42, ownNetwork: true, exists: never})).toMatch(/does not name the container/);
		const shell = parseProcCgroup('0::/user.slice/user-0.slice/session-1.scope\n');
		expect(cgroupFiles(parseMountinfo(v1.mountinfo), shell, id, {pid: 42, ownNetwork: true, exists: never})).toMatch(/does not name the container/);
	});

	it('uses the unified files on a cgroup v2 machine (systemd driver), below a namespaced root', () => {
		const mounts = parseMountinfo('29 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n');
		const procCgroup = parseProcCgroup(`0::/system.slice/docker-${id}.scope\n`);
		const files = cgroupFiles(mounts, procCgroup, id, {pid: 7, ownNetwork: true, exists: never});
		expect(files).not.toHaveProperty('cpu');
		expect(files).toMatchObject({version: 2, cpuStat: `/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`, memLimit: `/sys/fs/cgroup/system.slice/docker-${id}.scope/memory.max`, blkio: `/sys/fs/cgroup/system.slice/docker-${id}.scope/io.stat`});
		const nested = parseMountinfo('29 23 0:26 /system.slice /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n');
		expect(cgroupFiles(nested, procCgroup, id, {pid: 7, ownNetwork: true, exists: never})).toMatchObject({memUsage: `/sys/fs/cgroup/docker-${id}.scope/memory.current`});
		const outside = parseMountinfo('29 23 0:26 /other /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n');
		expect(cgroupFiles(outside, procCgroup, id, {pid: 7, ownNetwork: true, exists: never})).toMatch(/outside the mounted hierarchy/);
	});
});

describe('the files of one sample', () => {
	it('finds one key of a key-value file, not a longer key that ends with it', () => {
		expect(flatKeyed(v1.memStat, 'total_inactive_file')).toBe(Number(/^total_inactive_file (\d+)$/m.exec(v1.memStat)![1]));
		expect(flatKeyed(v1.memStat, 'cache')).toBe(Number(/^cache (\d+)$/m.exec(v1.memStat)![1]));
		expect(flatKeyed('total_inactive_file 900\ninactive_file 100\n', 'inactive_file')).toBe(100);
		expect(flatKeyed('total_inactive_file 900\n', 'inactive_file')).toBe(0);
		expect(flatKeyed('usage_usec 5', 'usage_usec')).toBe(5);
	});

	it('reads system CPU time as the engine does: the first seven fields of "cpu", in ns, and the cpuN lines', () => {
		const {systemNs, onlineCpus} = parseProcStat(v1.procStat);
		const fields = v1.procStat.split('\n')[0].split(/\s+/).slice(1, 8).map(Number);
		expect(systemNs).toBe((fields.reduce((sum, value) => sum + value, 0) * 1e9) / 100);
		expect(onlineCpus).toBe(2);
	});

	it('sums the network without lo, and block I/O by direction', () => {
		expect(parseNetDev(v1.netDev)).toEqual({eth0: {rx_bytes: 736, tx_bytes: 0}});
		expect(parseBlkio('8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 1\n8:0 Total 12288\nTotal 12288\n', 1)).toEqual([
			{op: 'Read', value: 4096},
			{op: 'Write', value: 8192},
		]);
		expect(parseBlkio('8:0 rbytes=1024 wbytes=2048 rios=1 wios=2 dbytes=0 dios=0\n', 2)).toEqual([
			{op: 'read', value: 1024},
			{op: 'write', value: 2048},
		]);
	});

	it('assembles the engine\'s stats shape, so the CLI formulas give the same figures', () => {
		const system = parseProcStat(v1.procStat);
		const raw = rawStatsFrom(v1 as any, 1, system, 4e9, '2026-11-28T10:00:00.000Z');
		const stats = computeStats(raw, {cpu: Number(v1.cpu) - 5e7, system: system.systemNs - 1e9});
		// 0.05 s of CPU over 1 s of system time on 2 CPUs: 10 %.
		expect(stats.cpuPercent).toBeCloseTo(10, 10);
		expect(stats.memUsage).toBe(Number(v1.memUsage) - flatKeyed(v1.memStat, 'total_inactive_file'));
		// No limit (v1's huge number): the machine's memory, as the engine reports it.
		expect(stats.memLimit).toBe(4e9);
		expect(stats.pids).toBe(Number(v1.pids));
		expect([stats.netRx, stats.netTx]).toEqual([736, 0]);
		expect(stats.readAt).toBe(Date.parse('2026-11-28T10:00:00.000Z'));

		const v2 = rawStatsFrom(
			{cpuStat: 'usage_usec 2000000\nnr_periods 10\nnr_throttled 4\nthrottled_usec 300\n', memUsage: '52428800\n', memStat: 'anon 1\ninactive_file 10485760\n', memLimit: '268435456\n', pids: '3\n', blkio: '8:0 rbytes=5 wbytes=7\n', netDev: undefined},
			2,
			{systemNs: 20e9, onlineCpus: 2},
			4e9,
			'2026-11-28T10:00:00.000Z',
		);
		const figures = computeStats(v2, {cpu: 1.8e9, system: 18e9});
		expect(figures.cpuPercent).toBeCloseTo(20, 10);
		expect(figures.memUsage).toBe(40 * 1024 * 1024);
		expect(figures.memLimit).toBe(268435456);
		expect([figures.throttledPeriods, figures.periods, figures.throttledTimeNs]).toEqual([4, 10, 300_000]);
		expect([figures.blkRead, figures.blkWrite, figures.netRx]).toEqual([5, 7, 0]);
		expect(computeStats(rawStatsFrom({...(v2 as any), cpuStat: '', memUsage: '1', memStat: '', memLimit: 'max\n', pids: '1', blkio: ''}, 2, {systemNs: 1, onlineCpus: 2}, 4e9, 'x')).memLimit).toBe(4e9);
	});
});
