/**
 * The Docker CLI's stats formulas (docker/cli cli/command/container/stats_helpers.go),
 * applied to one sample of the engine's /containers/{id}/stats answer.
 */

export type RawStats = {
	read?: string;
	pids_stats?: {current?: number; limit?: number};
	cpu_stats?: CpuStats;
	precpu_stats?: CpuStats;
	memory_stats?: {
		usage?: number;
		limit?: number;
		max_usage?: number;
		stats?: Record<string, number>;
	};
	networks?: Record<string, {rx_bytes: number; tx_bytes: number}>;
	blkio_stats?: {
		io_service_bytes_recursive?: Array<{major?: number; minor?: number; op: string; value: number}> | null;
	};
};

type CpuStats = {
	cpu_usage?: {total_usage?: number; percpu_usage?: number[] | null; usage_in_kernelmode?: number; usage_in_usermode?: number};
	system_cpu_usage?: number;
	online_cpus?: number;
	throttling_data?: {periods?: number; throttled_periods?: number; throttled_time?: number};
};

export type Stats = {
	/** 100 % is one core, as in `docker stats`. */
	cpuPercent: number;
	/** Bytes, page cache excluded as the CLI does. */
	memUsage: number;
	memLimit: number;
	memPercent: number;
	netRx: number;
	netTx: number;
	blkRead: number;
	blkWrite: number;
	pids: number;
	/** CFS throttling counters (cumulative), for the doctor's throttling check. */
	throttledPeriods: number;
	periods: number;
	throttledTimeNs: number;
	/** Epoch ms of the engine's sample. */
	readAt: number;
};

/** CPU % = Δcontainer / Δsystem × online CPUs × 100, only when both deltas are positive. */
export function cpuPercent(sample: RawStats, previous?: {cpu: number; system: number}): number {
	const cpu = sample.cpu_stats?.cpu_usage?.total_usage ?? 0;
	const system = sample.cpu_stats?.system_cpu_usage ?? 0;
	const prevCpu = previous?.cpu ?? sample.precpu_stats?.cpu_usage?.total_usage ?? 0;
	const prevSystem = previous?.system ?? sample.precpu_stats?.system_cpu_usage ?? 0;
	const cpuDelta = cpu - prevCpu;
	const systemDelta = system - prevSystem;
	let online = sample.cpu_stats?.online_cpus ?? 0;
	if (online === 0) online = sample.cpu_stats?.cpu_usage?.percpu_usage?.length ?? 0;
	if (cpuDelta > 0 && systemDelta > 0 && online > 0) return (cpuDelta / systemDelta) * online * 100;
	return 0;
}

/**
 * Memory without the page cache, as the CLI's calculateMemUsageUnixNoCache: cgroup v1 subtracts
 * `total_inactive_file` when it is below usage; otherwise (cgroup v2, or a v1 figure that is not
 * below usage) `inactive_file` is subtracted when it is below usage.
 */
export function memoryUsage(sample: RawStats): number {
	const usage = sample.memory_stats?.usage ?? 0;
	const stats = sample.memory_stats?.stats ?? {};
	const v1Inactive = stats.total_inactive_file;
	if (v1Inactive !== undefined && v1Inactive < usage) return usage - v1Inactive;
	const inactive = stats.inactive_file ?? 0;
	return inactive < usage ? usage - inactive : usage;
}

export function computeStats(sample: RawStats, previous?: {cpu: number; system: number}): Stats {
	const memUsage = memoryUsage(sample);
	const memLimit = sample.memory_stats?.limit ?? 0;
	let netRx = 0;
	let netTx = 0;
	for (const net of Object.values(sample.networks ?? {})) {
		netRx += net.rx_bytes;
		netTx += net.tx_bytes;
	}

	let blkRead = 0;
	let blkWrite = 0;
	for (const entry of sample.blkio_stats?.io_service_bytes_recursive ?? []) {
		const op = entry.op.toLowerCase();
		if (op === 'read') blkRead += entry.value;
		else if (op === 'write') blkWrite += entry.value;
	}

	const throttling = sample.cpu_stats?.throttling_data ?? {};
	return {
		cpuPercent: cpuPercent(sample, previous),
		memUsage,
		memLimit,
		memPercent: memLimit > 0 ? (memUsage / memLimit) * 100 : 0,
		netRx,
		netTx,
		blkRead,
		blkWrite,
		pids: sample.pids_stats?.current ?? 0,
		throttledPeriods: throttling.throttled_periods ?? 0,
		periods: throttling.periods ?? 0,
		throttledTimeNs: throttling.throttled_time ?? 0,
		readAt: sample.read ? Date.parse(sample.read) : Date.now(),
	};
}

/** The counters the next sample's CPU delta is taken against. */
export function cpuCounters(sample: RawStats): {cpu: number; system: number} {
	return {cpu: sample.cpu_stats?.cpu_usage?.total_usage ?? 0, system: sample.cpu_stats?.system_cpu_usage ?? 0};
}
