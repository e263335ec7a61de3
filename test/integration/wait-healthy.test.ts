import {afterAll, describe, expect, it} from 'vitest';
import {waitHealthy} from '../../source/flows/wait-healthy.js';
import {docker, muslBase} from '../helpers/containers.js';
import {testContext} from '../helpers/context.js';
import {waitUntil} from '../helpers/wait.js';

/**
 * A container with a health check that exits at once: the engine then reports its health as
 * "unhealthy" too (inspect after the exit), with no health_status event. Waiting for healthy must
 * still say that it exited, whether the store saw the exit first or the inspect.
 */
const harness = testContext('it-wait-exited');
const project = harness.project.projectNames.regular;
afterAll(async () => {
	harness.cleanup();
	for (const info of await docker.listContainers({all: true, filters: {label: [`com.docker.compose.project=${project}`]}})) await docker.getContainer(info.Id).remove({force: true});
});

describe('waitHealthy on a container that exited', () => {
	it('says "exited", not "unhealthy", though the engine reports both', async () => {
		const container = await docker.createContainer({
			Image: muslBase,
			Cmd: ['sh', '-c', 'echo starting; exit 3'],
			name: `${project}-api-1`,
			Labels: {'com.docker.compose.project': project, 'com.docker.compose.service': 'api'},
			Healthcheck: {Test: ['CMD', 'true'], Interval: 1e9, StartPeriod: 5e9},
		});
		await container.start();
		await waitUntil(async () => (await container.inspect()).State.Status === 'exited', {what: 'the container to exit'});
		expect((await container.inspect()).State.Health?.Status).toBe('unhealthy');

		const {store} = harness.context;
		await store.start();
		await store.waitFor(snapshot => snapshot.containers.some(c => c.id === container.id && c.state === 'exited' && c.health === 'unhealthy'), {timeoutMs: 10_000});
		const result = await waitHealthy(harness.context, {projectName: project, services: ['api']});
		expect(result.ok).toBe(false);
		expect(result.ok ? undefined : result.failure).toMatchObject({service: 'api', reason: 'exited'});
	});
});
