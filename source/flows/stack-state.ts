import type {ContainerInfo} from '../docker/types.js';
import {stripControl} from '../format.js';

/** What one compose project's stack looks like right now, service by service. Pure: unit-tested. */

export type ServiceState = {
	service: string;
	container?: string;
	id?: string;
	/** running, exited, created… or 'missing' when the service has no container. */
	state: string;
	health: string;
	exitCode?: number;
	ready: boolean;
};

export type StackState = {
	projectName: string;
	services: ServiceState[];
	/** No container of the project exists. */
	empty: boolean;
	/** Every service runs and is healthy (or runs without a healthcheck). */
	healthy: boolean;
	/** Some containers exist but not every service is ready: an interrupted or failed start. */
	half: boolean;
};

export function isReady(container: Pick<ContainerInfo, 'state' | 'health'>): boolean {
	return container.state === 'running' && (container.health === 'healthy' || container.health === 'none');
}

export function describeStack(projectName: string, containers: ContainerInfo[], services: string[]): StackState {
	const names = services.length > 0 ? services : [...new Set(containers.map(container => container.service ?? container.name))];
	const rows: ServiceState[] = names.map(service => {
		const container = containers.find(candidate => (candidate.service ?? candidate.name) === service);
		if (!container) return {service, state: 'missing', health: 'none', ready: false};
		return {
			service,
			container: stripControl(container.name),
			id: container.id,
			state: container.state,
			health: container.health,
			exitCode: container.state === 'exited' ? container.exitCode : undefined,
			ready: isReady(container),
		};
	});
	const empty = containers.length === 0;
	const healthy = !empty && rows.length > 0 && rows.every(row => row.ready);
	return {projectName, services: rows, empty, healthy, half: !empty && !healthy};
}

/** "backend running/healthy, auth exited (1), frontend missing" */
export function stackSummary(stack: StackState): string {
	return stack.services
		.map(row => {
			if (row.state === 'missing') return `${row.service} missing`;
			if (row.state === 'exited') return `${row.service} exited${row.exitCode === undefined ? '' : ` (${row.exitCode})`}`;
			return `${row.service} ${row.state}${row.health === 'none' ? '' : `/${row.health}`}`;
		})
		.join(', ');
}
