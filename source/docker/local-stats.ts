import {existsSync, readFileSync} from 'node:fs';
import {CgroupSampler, parseMountinfo} from './cgroup-stats.js';
import type {Endpoint} from './connection.js';
import type {ContainerProcess, LocalStats} from './stats-watcher.js';

/** ALPINIST_STATS=engine asks the engine for every container's stats; anything else is "auto". */
export function statsSourceFromEnv(env: NodeJS.ProcessEnv = process.env): 'auto' | 'engine' {
	return env.ALPINIST_STATS === 'engine' ? 'engine' : 'auto';
}

/**
 * Cgroup-file stats when they can be right: a Linux machine, an engine reached through a unix
 * socket (so on this machine), cgroup hierarchies mounted here. Each container is still checked
 * on its own when it is attached (its process must be visible and in the container's cgroup);
 * a container that fails that check is asked of the engine.
 */
export function localStats(endpoint: Endpoint, mode: 'auto' | 'engine', lookup: (id: string) => ContainerProcess | undefined): LocalStats | undefined {
	if (mode === 'engine' || process.platform !== 'linux' || !endpoint.host.startsWith('unix://')) return undefined;
	let mountinfo: string;
	try {
		mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
	} catch {
		return undefined;
	}

	const mounts = parseMountinfo(mountinfo);
	if (!mounts.v2 && !(mounts.v1.has('cpuacct') && mounts.v1.has('memory'))) return undefined;
	return {sampler: new CgroupSampler(mounts, path => readFileSync(path, 'utf8'), existsSync), lookup};
}
