import Dockerode from 'dockerode';

/**
 * Real containers for the top view's tests, all labelled `alpinist.test=<base>` and named after
 * the test file's unique base: a CPU-bound one and one holding memory (both in the Alpine compose
 * project), an idle one in the regular compose project, one outside the project whose image is
 * Debian and whose log line carries terminal escape sequences, and a stopped one.
 */
export const musl = 'alpinist-base/musl:busybox';
export const debian = 'alpinist-base/debian:bookworm';

export type TopFixture = {docker: Dockerode; base: string; names: {busy: string; mem: string; idle: string; esc: string; stopped: string}};

function compose(project: string, service: string): Record<string, string> {
	return {'com.docker.compose.project': project, 'com.docker.compose.service': service, 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False'};
}

export async function startTopFixture(base: string): Promise<TopFixture> {
	const docker = new Dockerode();
	await removeTopFixture(docker, base);
	const names = {busy: `${base}-alpine-busy-1`, mem: `${base}-alpine-mem-1`, idle: `${base}-idle-1`, esc: `${base}-esc`, stopped: `${base}-stopped`};
	const label = {'alpinist.test': base};
	const run = async (name: string, image: string, cmd: string[], labels: Record<string, string>, hostConfig: Dockerode.HostConfig = {}) => {
		const container = await docker.createContainer({name, Image: image, Cmd: cmd, Labels: {...label, ...labels}, HostConfig: {Init: false, ...hostConfig}});
		await container.start();
		return container;
	};

	await Promise.all([
		// A fifth of a core, so the CPU sort has a clear first row without loading the machine.
		run(names.busy, musl, ['sh', '-c', 'while :; do :; done'], compose(`${base}-alpine`, 'busy'), {NanoCpus: 200_000_000}),
		// 24 MiB in tmpfs counts as the container's memory (shmem is not page cache).
		run(names.mem, musl, ['sh', '-c', 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=24 2>/dev/null; sleep 3600'], compose(`${base}-alpine`, 'mem')),
		run(names.idle, musl, ['sleep', '3600'], compose(base, 'idle')),
		run(names.esc, debian, ['sh', '-c', 'printf "\\033]0;pwned\\007\\033[31mred\\n"; sleep 3600'], {}),
	]);
	const stopped = await run(names.stopped, musl, ['true'], {});
	await stopped.wait();
	return {docker, base, names};
}

export async function removeTopFixture(docker: Dockerode, base: string): Promise<void> {
	const containers = await docker.listContainers({all: true, filters: {label: [`alpinist.test=${base}`]}});
	await Promise.all(containers.map(container => docker.getContainer(container.Id).remove({force: true}).catch(() => undefined)));
}
