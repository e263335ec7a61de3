import Dockerode from 'dockerode';

export const docker = new Dockerode();
export const muslBase = 'alpinist-base/musl:busybox';

/** A real idle container labelled as a service of a compose project (no compose needed). */
export async function labelledContainer(projectName: string, service: string, options: {image?: string; cmd?: string[]} = {}): Promise<Dockerode.Container> {
	const container = await docker.createContainer({
		Image: options.image ?? muslBase,
		Cmd: options.cmd ?? ['sleep', '3600'],
		name: `${projectName}-${service}-1`,
		Labels: {'com.docker.compose.project': projectName, 'com.docker.compose.service': service},
	});
	try {
		await container.start();
	} catch (error) {
		// A container that could not start is not left behind.
		await container.remove({force: true}).catch(() => {});
		throw error;
	}

	return container;
}

