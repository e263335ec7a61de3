import {composeLabels} from './parse.js';
import type {ContainerInfo, Snapshot} from './types.js';

/** The service containers of one compose project (one-off `run` containers excluded). */
export function projectContainers(snapshot: Snapshot, projectName: string): ContainerInfo[] {
	return snapshot.containers.filter(container => container.project === projectName && container.labels[composeLabels.oneoff] !== 'True');
}
