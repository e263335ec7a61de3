import type {ContainerInfo} from './types.js';

/**
 * By name. Docker names are ASCII ([a-zA-Z0-9][a-zA-Z0-9_.-]*): code unit order is enough, and
 * cheaper than localeCompare, whose first call loads the collation tables (on the first frame's path).
 */
export const byName = (a: {name: string}, b: {name: string}) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The list with this container put in (replacing its old entry), sorted by name. */
export function withContainer(containers: ContainerInfo[], container: ContainerInfo): ContainerInfo[] {
	// Most puts replace a container under the same name (every inspect does): keep the order then,
	// instead of sorting the whole list again for each of a hundred inspects.
	const index = containers.findIndex(existing => existing.id === container.id);
	if (index !== -1 && containers[index].name === container.name) {
		const next = [...containers];
		next[index] = container;
		return next;
	}

	const next = containers.filter(existing => existing.id !== container.id);
	next.push(container);
	return next.sort(byName);
}
