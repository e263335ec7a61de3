import {closeSync, openSync, readSync} from 'node:fs';
import {totalmem} from 'node:os';
import {type CgroupFiles, type CgroupMounts, cgroupFiles, parseProcCgroup} from './cgroup-files.js';
import type {RawStats} from './stats.js';

/**
 * Container stats read from the kernel's cgroup files, for an engine on this machine.
 *
 * `docker stats` asks the engine, which reads these same files once a second for every container
 * streamed and sends each sample over HTTP as JSON. Reading them here, with each file kept open and
 * re-read from offset 0 (one pread each), costs this process about what receiving the streams did
 * (2–4 ms a second for twenty containers, measured at 1 Hz) and the engine nothing. The numbers
 * are the engine's: the same files, assembled into the engine's stats shape (RawStats), then the
 * CLI's formulas (computeStats). Anything that does not match (another machine's engine, another
 * PID namespace, a process that is not the container's) is refused, and the caller asks the engine.
 *
 * File sets follow moby (daemon/stats/collector_unix.go, containerd/cgroups v1 and v2 metrics).
 */

/**
 * One key of a `key value` file, found without splitting the rest (memory.stat has some forty
 * lines and is read every second for every row). 0 when the key is absent.
 */
export function flatKeyed(text: string, key: string): number {
	let at = text.startsWith(`${key} `) ? 0 : text.indexOf(`\n${key} `);
	if (at === -1) return 0;
	if (at > 0) at++;
	const start = at + key.length + 1;
	const end = text.indexOf('\n', start);
	return Number(text.slice(start, end === -1 ? undefined : end));
}

/**
 * /proc/stat's first line as the engine reads it (getSystemCPUUsage): user through softirq, the
 * first seven fields, in ns; online CPUs are its `cpuN` lines. USER_HZ is 100 on Linux, as moby assumes.
 */
export function parseProcStat(text: string): {systemNs: number; onlineCpus: number} {
	const firstLine = text.slice(0, text.indexOf('\n'));
	let systemNs = 0;
	if (firstLine.startsWith('cpu ')) {
		const fields = firstLine.slice(4).trim().split(/\s+/).slice(0, 7);
		systemNs = (fields.reduce((sum, value) => sum + Number(value), 0) * 1e9) / 100;
	}

	let onlineCpus = 0;
	for (let at = text.indexOf('\ncpu'); at !== -1; at = text.indexOf('\ncpu', at + 4)) {
		const next = text.charCodeAt(at + 4);
		if (next >= 48 && next <= 57) onlineCpus++;
	}

	return {systemNs, onlineCpus};
}

/** /proc/<pid>/net/dev → bytes received and sent per interface, `lo` left out as the engine does. */
export function parseNetDev(text: string): Record<string, {rx_bytes: number; tx_bytes: number}> {
	const networks: Record<string, {rx_bytes: number; tx_bytes: number}> = {};
	for (const line of text.split('\n').slice(2)) {
		const colon = line.indexOf(':');
		if (colon === -1) continue;
		const name = line.slice(0, colon).trim();
		if (name === 'lo') continue;
		const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
		networks[name] = {rx_bytes: fields[0] ?? 0, tx_bytes: fields[8] ?? 0};
	}

	return networks;
}

/** v1 `major:minor Op bytes` lines, or v2 io.stat `major:minor rbytes=… wbytes=…` lines → read and write entries. */
export function parseBlkio(text: string, version: 1 | 2): Array<{op: string; value: number}> {
	const entries: Array<{op: string; value: number}> = [];
	for (const line of text.split('\n')) {
		const fields = line.trim().split(/\s+/);
		if (version === 1) {
			if (fields.length === 3 && (fields[1] === 'Read' || fields[1] === 'Write')) entries.push({op: fields[1], value: Number(fields[2])});
		} else {
			for (const field of fields.slice(1)) {
				if (field.startsWith('rbytes=')) entries.push({op: 'read', value: Number(field.slice(7))});
				else if (field.startsWith('wbytes=')) entries.push({op: 'write', value: Number(field.slice(7))});
			}
		}
	}

	return entries;
}

export type CgroupTexts = {cpu?: string; cpuStat: string; memUsage: string; memStat: string; memLimit: string; pids: string; blkio: string; netDev?: string};

/**
 * One container's files → the engine's stats shape. The memory limit is the machine's memory when
 * the cgroup has none (v1's huge number, v2's "max"), as the engine reports it.
 */
export function rawStatsFrom(texts: CgroupTexts, version: 1 | 2, system: {systemNs: number; onlineCpus: number}, machineMemory: number, readAt: string): RawStats {
	const cpuStat = (key: string) => flatKeyed(texts.cpuStat, key);
	const totalUsage = version === 1 ? Number(texts.cpu?.trim() ?? 0) : cpuStat('usage_usec') * 1000;
	const limitText = texts.memLimit.trim();
	const limit = limitText === 'max' ? Number.POSITIVE_INFINITY : Number(limitText);
	const memory: NonNullable<RawStats['memory_stats']> = {
		usage: Number(texts.memUsage.trim()),
		limit: limit > machineMemory && machineMemory > 0 ? machineMemory : limit,
		stats: version === 1 ? {total_inactive_file: flatKeyed(texts.memStat, 'total_inactive_file')} : {inactive_file: flatKeyed(texts.memStat, 'inactive_file')},
	};
	return {
		read: readAt,
		pids_stats: {current: Number(texts.pids.trim())},
		cpu_stats: {
			cpu_usage: {total_usage: totalUsage},
			system_cpu_usage: system.systemNs,
			online_cpus: system.onlineCpus,
			throttling_data: {
				periods: cpuStat('nr_periods'),
				throttled_periods: cpuStat('nr_throttled'),
				throttled_time: version === 1 ? cpuStat('throttled_time') : cpuStat('throttled_usec') * 1000,
			},
		},
		memory_stats: memory,
		networks: texts.netDev === undefined ? undefined : parseNetDev(texts.netDev),
		blkio_stats: {io_service_bytes_recursive: parseBlkio(texts.blkio, version)},
	};
}

/** Files kept open and re-read from offset 0: one pread per file and sample, no open or close. */
class OpenFile {
	private fd: number;

	constructor(readonly path: string) {
		this.fd = openSync(path, 'r');
	}

	read(buffer: Buffer): string {
		const length = readSync(this.fd, buffer, 0, buffer.length, 0);
		if (length === buffer.length) throw new Error(`${this.path} is larger than ${buffer.length} bytes`);
		return buffer.toString('latin1', 0, length);
	}

	close(): void {
		if (this.fd < 0) return;
		try {
			closeSync(this.fd);
		} catch {}
		this.fd = -1;
	}
}

type Attached = {version: 1 | 2; files: Record<keyof CgroupTexts, OpenFile | undefined>};

/**
 * Reads the cgroup files of the containers attached to it. `attach` opens a container's files
 * (or says why it cannot); `sample` reads every attached container once; a container whose
 * files fail (it stopped: its cgroup is gone) is detached and reported.
 */
export class CgroupSampler {
	private readonly attached = new Map<string, Attached>();
	private readonly buffer = Buffer.allocUnsafe(64 * 1024);
	private procStat?: OpenFile;

	constructor(
		private readonly mounts: CgroupMounts,
		private readonly readText: (path: string) => string,
		private readonly exists: (path: string) => boolean,
		private readonly machineMemory = totalmem(),
	) {}

	get size(): number {
		return this.attached.size;
	}

	has(id: string): boolean {
		return this.attached.has(id);
	}

	/** Opens the files of container `id` (main process `pid`); a string says why not. */
	attach(id: string, pid: number, ownNetwork: boolean): true | string {
		this.detach(id);
		if (!(pid > 0)) return 'the container has no process';
		let files: CgroupFiles | string;
		try {
			files = cgroupFiles(this.mounts, parseProcCgroup(this.readText(`/proc/${pid}/cgroup`)), id, {pid, ownNetwork, exists: this.exists});
		} catch (error) {
			return `its process is not visible here (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
		}

		if (typeof files === 'string') return files;
		const opened: Attached['files'] = {cpu: undefined, cpuStat: undefined, memUsage: undefined, memStat: undefined, memLimit: undefined, pids: undefined, blkio: undefined, netDev: undefined};
		try {
			this.procStat ??= new OpenFile('/proc/stat');
			for (const key of Object.keys(opened) as Array<keyof CgroupTexts>) {
				const path = files[key];
				if (path !== undefined) opened[key] = new OpenFile(path);
			}
		} catch (error) {
			for (const file of Object.values(opened)) file?.close();
			return `its cgroup files cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
		}

		this.attached.set(id, {version: files.version, files: opened});
		return true;
	}

	detach(id: string): void {
		const entry = this.attached.get(id);
		if (!entry) return;
		for (const file of Object.values(entry.files)) file?.close();
		this.attached.delete(id);
	}

	detachAll(): void {
		for (const id of [...this.attached.keys()]) this.detach(id);
		this.procStat?.close();
		this.procStat = undefined;
	}

	/** One sample of every attached container (or of `only`); `gone` lists those whose files failed (now detached). */
	sample(only?: Set<string>): {samples: Array<[string, RawStats]>; gone: string[]} {
		const samples: Array<[string, RawStats]> = [];
		const gone: string[] = [];
		if (this.attached.size === 0 || !this.procStat) return {samples, gone};
		let system: {systemNs: number; onlineCpus: number};
		try {
			system = parseProcStat(this.procStat.read(this.buffer));
		} catch {
			// Without the system's CPU time no sample is right: every container is detached (and asked again).
			const ids = [...this.attached.keys()];
			this.detachAll();
			return {samples, gone: ids};
		}

		const readAt = new Date().toISOString();
		for (const [id, entry] of this.attached) {
			if (only && !only.has(id)) continue;
			try {
				const {files} = entry;
				const texts: CgroupTexts = {
					cpu: files.cpu?.read(this.buffer),
					cpuStat: files.cpuStat!.read(this.buffer),
					memUsage: files.memUsage!.read(this.buffer),
					memStat: files.memStat!.read(this.buffer),
					memLimit: files.memLimit!.read(this.buffer),
					pids: files.pids!.read(this.buffer),
					blkio: files.blkio!.read(this.buffer),
					netDev: files.netDev?.read(this.buffer),
				};
				samples.push([id, rawStatsFrom(texts, entry.version, system, this.machineMemory, readAt)]);
			} catch {
				gone.push(id);
			}
		}

		for (const id of gone) this.detach(id);
		return {samples, gone};
	}
}
