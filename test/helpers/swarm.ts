import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {repoRoot} from './context.js';

const script = path.join(repoRoot, 'scripts/swarm.sh');

export type SwarmNode = {
	/** The node's hostname (also its network namespace): NAME-1 … NAME-N. NAME-1 is the manager. */
	name: string;
	/** DOCKER_HOST of the node's own dockerd. */
	host: string;
};

export type Swarm = {
	name: string;
	/** DOCKER_HOST of the manager (node 1). */
	manager: string;
	nodes: SwarmNode[];
	/** ADDR:PORT of the registry every node pulls from (and the local engine pushes to). */
	registry: string;
	/** Push a local image of the shared engine into the registry; resolves to `REGISTRY/REPO:TAG`. */
	publish: (image: string, reference: string) => Promise<string>;
	/** SIGKILL every process of one node (dockerd, containerd, shims, containers): a lost machine. */
	killNode: (nodeName: string) => Promise<void>;
	/** Start a killed node again with its data: it rejoins and shows Ready (resolves then). */
	startNode: (nodeName: string) => Promise<void>;
	/** Remove everything (idempotent); rejects, saying what, when anything is left behind. */
	down: () => Promise<void>;
};

/** Why the harness cannot run here (a reason to skip with), or undefined when it can. */
export function swarmUnsupported(): string | undefined {
	if (process.platform !== 'linux') return 'the Swarm harness needs Linux (network namespaces)';
	if (process.getuid?.() !== 0) return 'the Swarm harness needs root (network namespaces, private dockerds)';
	if (!['/usr/sbin/dockerd', '/usr/bin/dockerd', '/usr/local/bin/dockerd'].some(tool => existsSync(tool))) return 'the Swarm harness needs dockerd installed';
	const netns = spawnSync('ip', ['netns', 'list'], {encoding: 'utf8'});
	if (netns.status !== 0) return `the Swarm harness needs 'ip netns' (${(netns.stderr || String(netns.error ?? 'failed')).trim()})`;
	return undefined;
}

/** The `KEY=value` / `KEY="a b"` lines of `swarm.sh env` (or of `up`'s stdout). */
export function parseSwarmEnv(text: string): Record<string, string> {
	const values: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const match = /^([A-Z_]+)=(?:"([^"]*)"|(\S*))$/.exec(line.trim());
		if (match) values[match[1]!] = match[2] ?? match[3] ?? '';
	}

	return values;
}

function fromEnv(name: string, values: Record<string, string>): Omit<Swarm, 'publish' | 'killNode' | 'startNode' | 'down'> {
	const hosts = (values['SWARM_NODES'] ?? '').split(' ').filter(Boolean);
	const names = (values['SWARM_NODE_NAMES'] ?? '').split(' ').filter(Boolean);
	if (!values['SWARM_MANAGER'] || !values['SWARM_REGISTRY'] || hosts.length === 0 || hosts.length !== names.length) {
		throw new Error(`scripts/swarm.sh printed no usable environment for swarm ${name}`);
	}

	return {
		name,
		manager: values['SWARM_MANAGER'],
		registry: values['SWARM_REGISTRY'],
		nodes: names.map((node, index) => ({name: node, host: hosts[index]!})),
	};
}

/**
 * A Swarm of private dockerds on this machine (scripts/swarm.sh up): one manager and workers,
 * each in a network namespace with a hostname of its own, and a registry they all pull from.
 * Name it uniquely (include process.pid) so that parallel runs do not collide.
 */
export async function startSwarm(options: {nodes?: number; name?: string; heartbeat?: string} = {}): Promise<Swarm> {
	const name = options.name ?? `alpinist-swarm-${process.pid}`;
	const args = ['up', '--name', name, '--nodes', String(options.nodes ?? 3)];
	if (options.heartbeat) args.push('--heartbeat', options.heartbeat);
	const up = await execa('bash', [script, ...args], {reject: false});
	if (up.exitCode !== 0) throw new Error(`scripts/swarm.sh up failed (exit ${up.exitCode}):\n${up.stderr}`);
	const swarm = fromEnv(name, parseSwarmEnv(up.stdout));
	return {
		...swarm,
		async publish(image, reference) {
			const {stdout} = await execa('bash', [script, 'publish', image, reference, '--name', name]);
			return stdout.trim().split('\n').at(-1)!;
		},
		async killNode(nodeName) {
			await execa('bash', [script, 'kill-node', nodeName, '--name', name]);
		},
		async startNode(nodeName) {
			await execa('bash', [script, 'start-node', nodeName, '--name', name]);
		},
		async down() {
			const result = await execa('bash', [script, 'down', '--name', name], {reject: false});
			if (result.exitCode !== 0) throw new Error(`scripts/swarm.sh down failed (exit ${result.exitCode}):\n${result.stderr}`);
		},
	};
}

/**
 * What of swarm `name` is still on this machine, looked up independently of the script: network
 * namespaces, links, processes, mounts, folders, cgroups, the registry's certs.d entry. Empty when
 * nothing is left.
 */
export async function swarmLeftovers(name: string, registry?: string): Promise<string[]> {
	const left: string[] = [];
	const nodePattern = new RegExp(`^${name}-\\d+$`);
	const namespaces = (await execa('ip', ['netns', 'list'])).stdout.split('\n').map(line => line.split(' ')[0] ?? '');
	for (const namespace of namespaces) if (nodePattern.test(namespace)) left.push(`network namespace ${namespace}`);

	const run = `/run/alpinist-swarm/${name}`;
	const data = `/var/lib/alpinist-swarm/${name}`;
	const {stdout: processes} = await execa('ps', ['-eo', 'pid=,args=']);
	for (const line of processes.split('\n')) {
		if (line.includes(`${run}/`) || line.includes(`${data}/`)) left.push(`process ${line.trim()}`);
	}

	for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
		const mountPoint = line.split(' ')[4] ?? '';
		if (mountPoint.startsWith(run) || mountPoint.startsWith(data) || mountPoint === `/run/netns/${name}`) left.push(`mount ${mountPoint}`);
	}

	for (const folder of [run, data]) if (existsSync(folder)) left.push(`folder ${folder}`);
	for (const hierarchy of ['pids', 'memory', 'cpu', 'cpuset', 'devices', 'freezer', 'blkio', 'systemd', '']) {
		const cgroup = path.join('/sys/fs/cgroup', hierarchy, 'alpinist-swarm', name);
		if (existsSync(cgroup)) left.push(`cgroup ${cgroup}`);
	}

	const {stdout: links} = await execa('ip', ['-o', 'link', 'show']);
	const bridge = bridgeName(name);
	for (const line of links.split('\n')) {
		const link = /^\d+: ([^:@]+)/.exec(line)?.[1];
		if (link && (link === bridge || link.startsWith(`${bridge}-`))) left.push(`link ${link}`);
	}

	const {stdout: rules} = await execa('iptables', ['-S', 'FORWARD'], {reject: false});
	if (rules.includes(`alpinist-swarm ${name}"`) || rules.includes(`alpinist-swarm ${name} `)) left.push('iptables FORWARD rule');
	if (registry && existsSync(`/etc/docker/certs.d/${registry}`)) left.push(`certs.d entry ${registry}`);
	return left;
}

/** The bridge's interface name, as scripts/swarm/lib.sh derives it from the swarm's name. */
function bridgeName(name: string): string {
	return `asw${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
}
