import type {Endpoint} from './connection.js';
import type {ContainerInfo, EngineInfo, Health, ImageInfo, VolumeInfo} from './types.js';

/** Engine answers → plain snapshot data. Pure, so unit tests can feed recorded API samples. */

export const composeLabels = {
	project: 'com.docker.compose.project',
	service: 'com.docker.compose.service',
	number: 'com.docker.compose.container-number',
	oneoff: 'com.docker.compose.oneoff',
	workingDir: 'com.docker.compose.project.working_dir',
	configFiles: 'com.docker.compose.project.config_files',
} as const;

function health(value: string | undefined): Health {
	return value === 'starting' || value === 'healthy' || value === 'unhealthy' ? value : 'none';
}

/** From GET /containers/json (a list entry). Health is read from the status text until inspected. */
export function fromListEntry(entry: any): ContainerInfo {
	const labels: Record<string, string> = entry.Labels ?? {};
	const status: string = entry.Status ?? '';
	const healthMatch = /\((healthy|unhealthy|health: starting)\)/.exec(status);
	return {
		id: entry.Id,
		name: String(entry.Names?.[0] ?? entry.Id).replace(/^\//, ''),
		image: entry.Image ?? '',
		imageId: entry.ImageID ?? '',
		created: entry.Created ?? 0,
		state: entry.State ?? 'unknown',
		status,
		health: healthMatch ? health(healthMatch[1].replace('health: ', '')) : 'none',
		healthLog: [],
		labels,
		project: labels[composeLabels.project],
		service: labels[composeLabels.service],
		ports: (entry.Ports ?? []).map((p: any) => ({privatePort: p.PrivatePort, publicPort: p.PublicPort, ip: p.IP, type: p.Type})),
		mounts: (entry.Mounts ?? []).map((m: any) => ({
			type: m.Type,
			source: m.Source ?? '',
			destination: m.Destination,
			name: m.Name,
			readOnly: m.RW === false,
		})),
		limits: {memoryBytes: 0, nanoCpus: 0, cpuQuota: 0, cpuPeriod: 0, pidsLimit: 0},
		inspected: false,
	};
}

/** From GET /containers/{id}/json: the full picture (health log, tmpfs, limits). */
export function fromInspect(data: any): ContainerInfo {
	const labels: Record<string, string> = data.Config?.Labels ?? {};
	const state = data.State ?? {};
	const hostConfig = data.HostConfig ?? {};
	const ports: ContainerInfo['ports'] = [];
	for (const [key, bindings] of Object.entries<any>(data.NetworkSettings?.Ports ?? {})) {
		const [port, type] = key.split('/');
		if (!bindings || bindings.length === 0) {
			ports.push({privatePort: Number(port), type});
			continue;
		}

		for (const binding of bindings) {
			ports.push({privatePort: Number(port), publicPort: Number(binding.HostPort), ip: binding.HostIp, type});
		}
	}

	const mounts: ContainerInfo['mounts'] = (data.Mounts ?? []).map((m: any) => ({
		type: m.Type,
		source: m.Source ?? '',
		destination: m.Destination,
		name: m.Name,
		readOnly: m.RW === false,
	}));
	for (const [destination, options] of Object.entries<string>(hostConfig.Tmpfs ?? {})) {
		mounts.push({type: 'tmpfs', source: options, destination, readOnly: false});
	}

	for (const m of hostConfig.Mounts ?? []) {
		if (m.Type === 'tmpfs' && !mounts.some(existing => existing.destination === m.Target)) {
			mounts.push({type: 'tmpfs', source: '', destination: m.Target, readOnly: Boolean(m.ReadOnly)});
		}
	}

	const status = state.Status ?? 'unknown';
	return {
		id: data.Id,
		name: String(data.Name ?? data.Id).replace(/^\//, ''),
		image: data.Config?.Image ?? '',
		imageId: data.Image ?? '',
		created: data.Created ? Math.floor(Date.parse(data.Created) / 1000) : 0,
		state: status,
		status: describeState(state),
		startedAt: state.StartedAt,
		exitCode: state.ExitCode,
		health: health(state.Health?.Status),
		healthLog: (state.Health?.Log ?? []).map((entry: any) => ({
			exitCode: entry.ExitCode,
			output: String(entry.Output ?? ''),
			end: entry.End,
		})),
		labels,
		project: labels[composeLabels.project],
		service: labels[composeLabels.service],
		ports,
		mounts,
		limits: {
			memoryBytes: hostConfig.Memory ?? 0,
			nanoCpus: hostConfig.NanoCpus ?? 0,
			cpuQuota: hostConfig.CpuQuota ?? 0,
			cpuPeriod: hostConfig.CpuPeriod ?? 0,
			pidsLimit: hostConfig.PidsLimit ?? 0,
		},
		pid: state.Pid ?? 0,
		networkMode: hostConfig.NetworkMode,
		inspected: true,
	};
}

function describeState(state: any): string {
	const status = state.Status ?? 'unknown';
	if (status === 'running') {
		const h = state.Health?.Status;
		return h ? `Up (${h === 'starting' ? 'health: starting' : h})` : 'Up';
	}

	if (status === 'exited') return `Exited (${state.ExitCode ?? '?'})`;
	return status;
}

export function fromImage(entry: any): ImageInfo {
	return {
		id: entry.Id,
		tags: (entry.RepoTags ?? []).filter((tag: string) => tag !== '<none>:<none>'),
		size: entry.Size ?? 0,
		created: entry.Created ?? 0,
		labels: entry.Labels ?? {},
	};
}

export function fromVolume(entry: any): VolumeInfo {
	return {name: entry.Name, driver: entry.Driver, mountpoint: entry.Mountpoint, labels: entry.Labels ?? {}};
}

/** From GET /info and GET /version: what the header, `alpinist status` and the doctor show. */
export function engineInfo(info: any, version: any, endpoint: Pick<Endpoint, 'host' | 'source'>): EngineInfo {
	const podman = (version?.Components ?? []).some((component: any) => /podman/i.test(component.Name ?? ''));
	const cgroup = String(info?.CgroupVersion ?? '');
	return {
		version: version?.Version ?? info?.ServerVersion ?? '?',
		apiVersion: version?.ApiVersion ?? '?',
		os: info?.OperatingSystem ?? version?.Os ?? '?',
		kernel: info?.KernelVersion ?? version?.KernelVersion ?? '?',
		arch: info?.Architecture ?? version?.Arch ?? '?',
		cgroupVersion: cgroup === '1' || cgroup === '2' ? cgroup : 'unknown',
		cpus: info?.NCPU ?? 0,
		memoryBytes: info?.MemTotal ?? 0,
		storageDriver: info?.Driver ?? '?',
		rootDir: info?.DockerRootDir ?? '',
		flavour: podman ? 'podman' : 'docker',
		host: endpoint.host,
		hostSource: endpoint.source,
	};
}
