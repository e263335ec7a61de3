/**
 * Where a container's cgroup files are: the hierarchies mounted on this machine
 * (/proc/self/mountinfo), the container's place in them (/proc/<pid>/cgroup), and the files one
 * stats sample reads there (cgroup-stats.ts reads them).
 */

/** Where each cgroup hierarchy is mounted, from /proc/self/mountinfo. */
export type CgroupMounts = {
	/** v1: controller name → mount point and the hierarchy path mounted there (its "root"). */
	v1: Map<string, {mountPoint: string; root: string}>;
	/** The v2 hierarchy, when mounted. */
	v2?: {mountPoint: string; root: string};
};

/** Mountinfo lines: `id parent major:minor root mountpoint options [optional…] - fstype source superoptions`. */
export function parseMountinfo(text: string): CgroupMounts {
	const mounts: CgroupMounts = {v1: new Map()};
	for (const line of text.split('\n')) {
		const separator = line.indexOf(' - ');
		if (separator === -1) continue;
		const fields = line.slice(0, separator).split(' ');
		const [fstype, , superOptions = ''] = line.slice(separator + 3).split(' ');
		const root = unescapeMountPath(fields[3] ?? '');
		const mountPoint = unescapeMountPath(fields[4] ?? '');
		if (fstype === 'cgroup2') {
			mounts.v2 ??= {mountPoint, root};
		} else if (fstype === 'cgroup') {
			for (const option of superOptions.split(',')) {
				if (['cpu', 'cpuacct', 'memory', 'pids', 'blkio'].includes(option) && !mounts.v1.has(option)) mounts.v1.set(option, {mountPoint, root});
			}
		}
	}

	return mounts;
}

/** Mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(path: string): string {
	return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** /proc/<pid>/cgroup: `hierarchy:controllers:path` lines → controller (or "" for v2) → path. */
export function parseProcCgroup(text: string): Map<string, string> {
	const paths = new Map<string, string>();
	for (const line of text.split('\n')) {
		const first = line.indexOf(':');
		const second = line.indexOf(':', first + 1);
		if (first === -1 || second === -1) continue;
		const controllers = line.slice(first + 1, second);
		const path = line.slice(second + 1).trim();
		if (controllers === '') paths.set('', path);
		else for (const controller of controllers.split(',')) paths.set(controller, path);
	}

	return paths;
}

/** A directory of a hierarchy: its mount point plus the path below the mounted root. */
function directoryOf(mount: {mountPoint: string; root: string}, path: string): string | undefined {
	if (mount.root === '/') return mount.mountPoint + path;
	if (path === mount.root || path.startsWith(`${mount.root}/`)) return mount.mountPoint + path.slice(mount.root.length);
	return undefined;
}

/** The files one container's sample reads, by what they are. */
export type CgroupFiles = {
	version: 1 | 2;
	/** v1's cpuacct.usage; v2 reads its usage from cpu.stat. */
	cpu?: string;
	cpuStat: string;
	memUsage: string;
	memStat: string;
	memLimit: string;
	pids: string;
	blkio: string;
	/** Undefined when the container has no network of its own (host, none, another container's). */
	netDev?: string;
};

/**
 * The files of container `id` whose main process is `pid`, or a reason why they cannot be used.
 * The container's cgroup path must name its full id: a PID of another machine, or one reused by
 * another process, is refused.
 */
export function cgroupFiles(
	mounts: CgroupMounts,
	procCgroup: Map<string, string>,
	id: string,
	options: {pid: number; ownNetwork: boolean; exists: (path: string) => boolean},
): CgroupFiles | string {
	const netDev = options.ownNetwork ? `/proc/${options.pid}/net/dev` : undefined;
	const v1 = (controller: string) => {
		const mount = mounts.v1.get(controller);
		const path = procCgroup.get(controller);
		return mount && path?.includes(id) ? directoryOf(mount, path) : undefined;
	};

	const cpuacct = v1('cpuacct');
	const memory = v1('memory');
	if (cpuacct && memory) {
		const cpu = v1('cpu') ?? cpuacct;
		const pids = v1('pids');
		const blkio = v1('blkio');
		if (!pids || !blkio) return 'the pids or blkio cgroup is not mounted';
		// containerd's v1 blkio reads the CFQ file when the kernel has it, else the throttle one.
		const cfq = `${blkio}/blkio.io_service_bytes_recursive`;
		return {
			version: 1,
			cpu: `${cpuacct}/cpuacct.usage`,
			cpuStat: `${cpu}/cpu.stat`,
			memUsage: `${memory}/memory.usage_in_bytes`,
			memStat: `${memory}/memory.stat`,
			memLimit: `${memory}/memory.limit_in_bytes`,
			pids: `${pids}/pids.current`,
			blkio: options.exists(cfq) ? cfq : `${blkio}/blkio.throttle.io_service_bytes_recursive`,
			netDev,
		};
	}

	const unified = procCgroup.get('');
	if (mounts.v2 && unified?.includes(id)) {
		const directory = directoryOf(mounts.v2, unified);
		if (!directory) return 'the container\'s cgroup is outside the mounted hierarchy';
		return {
			version: 2,
			cpuStat: `${directory}/cpu.stat`,
			memUsage: `${directory}/memory.current`,
			memStat: `${directory}/memory.stat`,
			memLimit: `${directory}/memory.max`,
			pids: `${directory}/pids.current`,
			blkio: `${directory}/io.stat`,
			netDev,
		};
	}

	return 'the process\'s cgroup does not name the container';
}
