import {existsSync, readFileSync} from 'node:fs';
import {parseMountinfo} from './cgroup-files.js';
import {CgroupSampler} from './cgroup-stats.js';
import type {Endpoint} from './connection.js';
import type {ContainerProcess, LocalStats} from './stats-watcher.js';
import type {ContainerInfo} from './types.js';

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
export function localStats(endpoint: Endpoint, mode: 'auto' | 'engine', containers: () => ContainerInfo[]): LocalStats | undefined {
	if (mode === 'engine' || process.platform !== 'linux' || !endpoint.host.startsWith('unix://')) return undefined;
	let mountinfo: string;
	try {
		mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
	} catch {
		return undefined;
	}

	const mounts = parseMountinfo(mountinfo);
	if (!mounts.v2 && !(mounts.v1.has('cpuacct') && mounts.v1.has('memory'))) return undefined;
	return {
		sampler: new CgroupSampler(mounts, path => readFileSync(path, 'utf8'), existsSync),
		lookup: id => processOf(containers().find(container => container.id === id)),
	};
}

/**
 * What the sampler needs of a container: its main process while it has one (running or paused),
 * and whether the network it reports is its own (not the host's, not another container's).
 */
function processOf(container: ContainerInfo | undefined): ContainerProcess | undefined {
	if (!container) return undefined;
	const mode = container.networkMode ?? '';
	const alive = container.state === 'running' || container.state === 'paused';
	return {inspected: container.inspected, pid: alive ? container.pid : undefined, ownNetwork: mode !== 'host' && !mode.startsWith('container:')};
}
