import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {waitUntil} from './wait.js';

/**
 * A Podman engine of its own for a test: `podman system service` on a socket in a temporary
 * folder (never /var/run/docker.sock), with its own storage (--root/--runroot), so the shared
 * Docker engine and any other Podman user are left alone. scripts/podman.sh installs Podman
 * (pretest); when it could not, `startPodman` says why and the test skips.
 *
 * What the service is given, and why:
 * - netavark (the network backend that resolves service names between containers, via
 *   aardvark-dns); Debian's podman 4.3 falls back to CNI without its dnsname plugin otherwise;
 * - default ulimits no higher than this process's own hard limits: Podman raises nofile and
 *   nproc by default, which a container sandbox without CAP_SYS_RESOURCE refuses;
 * - a health-check driver: Podman runs health checks from systemd timers; without systemd (a
 *   container, a CI runner) nothing runs them, so every second it runs `podman healthcheck run`
 *   for each running container, as the timer would.
 */

export type PodmanService = {
	/** DOCKER_HOST for clients: unix://…/podman.sock. */
	host: string;
	version: string;
	/** Runs podman against this service's storage. */
	podman: (args: string[]) => ResultPromise;
	stop: () => Promise<void>;
};

const statusFile = process.env.ALPINIST_PODMAN_STATUS ?? '/tmp/alpinist-podman.status';

/** This process's hard limit of a resource, from /proc/self/limits. */
function hardLimit(name: string, fallback: number): number {
	try {
		const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find(entry => entry.startsWith(name));
		const value = Number(line?.slice(name.length).trim().split(/\s+/)[1]);
		return Number.isFinite(value) ? value : fallback;
	} catch {
		return fallback;
	}
}

function ping(socketPath: string): Promise<boolean> {
	return new Promise(resolve => {
		const request = http.get({socketPath, path: '/_ping', timeout: 1000}, response => {
			response.resume();
			resolve(response.statusCode === 200);
		});
		request.on('error', () => resolve(false));
		request.on('timeout', () => request.destroy());
	});
}

/** Why Podman cannot be used here, or undefined when it can. */
export async function podmanUnavailable(): Promise<string | undefined> {
	const version = await execa('podman', ['--version'], {reject: false});
	if (version.exitCode !== 0) {
		const status = existsSync(statusFile) ? readFileSync(statusFile, 'utf8').trim() : 'scripts/podman.sh has not run';
		return `podman is not installed (${status}; podman --version: ${String(version.stderr || version.stdout || version.shortMessage).slice(0, 200)})`;
	}

	if (!existsSync('/usr/lib/podman/netavark')) return 'netavark is missing (scripts/podman.sh installs it with podman)';
	return undefined;
}

export async function startPodman(baseImages: string[]): Promise<PodmanService> {
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-podman-'));
	const socket = path.join(dir, 'podman.sock');
	const nofile = Math.min(hardLimit('Max open files', 1024), 65_536);
	const config = path.join(dir, 'containers.conf');
	writeFileSync(config, `[containers]\ndefault_ulimits = ["nofile=${nofile}:${nofile}", "nproc=4096:4096"]\n\n[network]\nnetwork_backend = "netavark"\n`);
	const env = {CONTAINERS_CONF: config};
	const store = ['--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run')];
	const podman = (args: string[]) => execa('podman', [...store, ...args], {env, reject: false});
	const service = execa('podman', [...store, 'system', 'service', '--time=0', `unix://${socket}`], {env, reject: false, stdio: ['ignore', 'ignore', 'pipe']});
	let log = '';
	service.stderr?.on('data', chunk => (log += String(chunk)));
	try {
		await waitUntil(() => ping(socket), {timeoutMs: 10_000, intervalMs: 100});
	} catch {
		service.kill();
		rmSync(dir, {recursive: true, force: true});
		throw new Error(`podman system service did not answer on ${socket}: ${log.slice(-500)}`);
	}

	// The base images come from the Docker engine: Podman's store starts empty.
	const archive = path.join(dir, 'base-images.tar');
	await execa('docker', ['save', '--output', archive, ...baseImages], {env: {DOCKER_HOST: 'unix:///var/run/docker.sock'}});
	const loaded = await podman(['load', '--quiet', '--input', archive]);
	if (loaded.exitCode !== 0) throw new Error(`podman load: ${String(loaded.stderr)}`);
	rmSync(archive, {force: true});

	let checking = false;
	const driver = setInterval(() => {
		if (checking) return;
		checking = true;
		void (async () => {
			const ids = String((await podman(['ps', '--quiet'])).stdout).split('\n').filter(Boolean);
			await Promise.all(ids.map(async id => podman(['healthcheck', 'run', id])));
		})().finally(() => (checking = false));
	}, 1000);

	const version = String((await podman(['version', '--format', '{{.Server.Version}}'])).stdout).trim();
	return {
		host: `unix://${socket}`,
		version,
		podman,
		async stop() {
			clearInterval(driver);
			await podman(['rm', '--all', '--force', '--time', '0']);
			await podman(['rmi', '--all', '--force']);
			service.kill('SIGTERM');
			await service;
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
