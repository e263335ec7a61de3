/** The shape of what DockerStore knows. Plain data: safe to render, serialise and compare. */

export type EngineInfo = {
	version: string;
	apiVersion: string;
	os: string;
	kernel: string;
	arch: string;
	cgroupVersion: '1' | '2' | 'unknown';
	cpus: number;
	memoryBytes: number;
	storageDriver: string;
	rootDir: string;
	/** Docker or Podman, from the version's components. */
	flavour: 'docker' | 'podman';
	host: string;
	hostSource: string;
};

export type Health = 'starting' | 'healthy' | 'unhealthy' | 'none';

export type ContainerMount = {
	type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | string;
	source: string;
	destination: string;
	name?: string;
	readOnly: boolean;
};

export type ContainerInfo = {
	id: string;
	name: string;
	image: string;
	imageId: string;
	created: number;
	/** created | running | paused | restarting | removing | exited | dead */
	state: string;
	status: string;
	startedAt?: string;
	exitCode?: number;
	health: Health;
	/** The last probe outputs, newest last (State.Health.Log). */
	healthLog: Array<{exitCode: number; output: string; end: string}>;
	labels: Record<string, string>;
	project?: string;
	service?: string;
	ports: Array<{privatePort: number; publicPort?: number; ip?: string; type: string}>;
	mounts: ContainerMount[];
	limits: {memoryBytes: number; nanoCpus: number; cpuQuota: number; cpuPeriod: number; pidsLimit: number};
	/** The main process's PID on the engine's machine (inspect's State.Pid; 0 when not running). */
	pid?: number;
	/** HostConfig.NetworkMode: bridge, host, none, container:<id>, or a network's name. */
	networkMode?: string;
	/** False until the container has been inspected (mounts, limits, health log). */
	inspected: boolean;
};

export type ImageInfo = {
	id: string;
	tags: string[];
	size: number;
	created: number;
	labels: Record<string, string>;
};

export type VolumeInfo = {
	name: string;
	driver: string;
	mountpoint: string;
	labels: Record<string, string>;
};

export type StatsPoint = {at: number; cpuPercent: number; memUsage: number};

export type ContainerStats = import('./stats.js').Stats & {history: StatsPoint[]};

export type EngineEvent = {
	type: string;
	action: string;
	id: string;
	attributes: Record<string, string>;
	/** Engine time of the event, ns since epoch. */
	timeNano: number;
	/** Local wall clock (ms) when the store applied it: the event latency is receivedAt − timeNano/1e6. */
	receivedAt: number;
};

export type Snapshot = {
	status: 'connecting' | 'ready' | 'unreachable';
	error?: string;
	/** The code of that error (ECONNREFUSED, EACCES, ENGINE_NO_ANSWER…): what the message to a person is chosen by. */
	errorCode?: string;
	endpoint: {host: string; source: string};
	engine?: EngineInfo;
	containers: ContainerInfo[];
	images: ImageInfo[];
	volumes: VolumeInfo[];
	stats: Record<string, ContainerStats>;
	lastEvent?: EngineEvent;
	/** How many times the store reconnected after losing the engine. */
	reconnects: number;
	/** Bumps on every change. */
	version: number;
};

/**
 * Where the engine is, resolved the way the docker CLI resolves it:
 * DOCKER_HOST, then DOCKER_CONTEXT, then the current context in the CLI config,
 * then the default socket, then a Podman socket when that is what exists.
 */
export type Endpoint = {
	/** e.g. unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host */
	host: string;
	/** What told us: shown in `alpinist status` and in the engine check. */
	source: 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'context' | 'default socket' | 'podman socket';
	context?: string;
	tls?: {ca?: string; cert?: string; key?: string; verify: boolean};
};
