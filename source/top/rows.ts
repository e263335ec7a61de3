import type {Stats} from '../docker/stats.js';
import type {ContainerInfo, ContainerStats, Health, StatsPoint} from '../docker/types.js';
import {containerVariant, type ImageVariant, type RowVariant, type VariantFamily} from '../docker/variant.js';
import {stripControl} from '../format.js';
import type {Project} from '../project/discover.js';

/** One line of the live view: what the snapshot says of a container plus its latest stats sample. */
export type TopRow = {
	id: string;
	/** Drawn as is: terminal control sequences already stripped. */
	name: string;
	service?: string;
	project?: string;
	image: string;
	imageId: string;
	variant: RowVariant;
	state: string;
	health: Health;
	/** 'healthy', 'unhealthy', 'starting', 'running', 'exited 137', 'paused', … */
	status: string;
	running: boolean;
	/** True when the container belongs to one of the project's compose projects. */
	ours: boolean;
	uptimeSeconds?: number;
	stats?: Stats;
	history: StatsPoint[];
};

export type RowInput = {
	containers: ContainerInfo[];
	stats: Record<string, ContainerStats | Stats | undefined>;
	project?: Project;
	imageVariant: (imageId: string) => ImageVariant | undefined;
	/** Epoch ms, for uptime. */
	now: number;
};

export function statusText(container: Pick<ContainerInfo, 'state' | 'health' | 'exitCode'>): string {
	if (container.state === 'running') return container.health === 'none' ? 'running' : container.health;
	if (container.state === 'exited') return container.exitCode === undefined ? 'exited' : `exited ${container.exitCode}`;
	return container.state;
}

/**
 * Uptimes are read on a clock that ticks every 30 s, and a first minute shows as "<1m": the
 * uptimes of all rows then change together, in one frame, instead of one frame per row per second.
 */
export const uptimeClockMs = 30_000;

function uptimeSeconds(container: ContainerInfo, now: number): number | undefined {
	if (container.state !== 'running' || !container.startedAt || container.startedAt.startsWith('0001-')) return undefined;
	const started = Date.parse(container.startedAt);
	if (!Number.isFinite(started)) return undefined;
	return Math.max(0, (Math.floor(now / uptimeClockMs) * uptimeClockMs - started) / 1000);
}

export function buildRows(input: RowInput): TopRow[] {
	const names = input.project ? new Set(Object.values(input.project.projectNames)) : undefined;
	return input.containers.map(container => {
		const sample = input.stats[container.id];
		return {
			id: container.id,
			name: stripControl(container.name),
			service: container.service === undefined ? undefined : stripControl(container.service),
			project: container.project === undefined ? undefined : stripControl(container.project),
			image: stripControl(container.image),
			imageId: container.imageId,
			variant: containerVariant(input.project, container, input.imageVariant(container.imageId)),
			state: container.state,
			health: container.health,
			status: statusText(container),
			running: container.state === 'running',
			ours: Boolean(names && container.project && names.has(container.project)),
			uptimeSeconds: uptimeSeconds(container, input.now),
			stats: container.state === 'running' ? sample : undefined,
			history: sample && 'history' in sample ? sample.history : [],
		};
	});
}

export type RowFilter = {
	/** Case-insensitive substring of name, service, compose project, image or variant. */
	text: string;
	/** Stopped containers too (docker stats -a). */
	all: boolean;
	/** Only the project's own containers (its compose project names). */
	projectOnly: boolean;
};

export function filterRows(rows: TopRow[], filter: RowFilter): TopRow[] {
	const needle = filter.text.trim().toLowerCase();
	return rows.filter(row => {
		if (!filter.all && !row.running) return false;
		if (filter.projectOnly && !row.ours) return false;
		if (!needle) return true;
		return [row.name, row.service, row.project, row.image, row.variant.label].some(value => value?.toLowerCase().includes(needle));
	});
}

export type VariantTotal = {family: VariantFamily; containers: number; withStats: number; cpuPercent: number; memUsage: number};

/** CPU and memory summed per variant family over the rows that have a stats sample. */
export function totalsByVariant(rows: TopRow[]): VariantTotal[] {
	const order: VariantFamily[] = ['regular', 'alpine', 'unknown'];
	const totals = new Map<VariantFamily, VariantTotal>();
	for (const row of rows) {
		const family = row.variant.family;
		const total = totals.get(family) ?? {family, containers: 0, withStats: 0, cpuPercent: 0, memUsage: 0};
		total.containers++;
		if (row.stats) {
			total.withStats++;
			total.cpuPercent += row.stats.cpuPercent;
			total.memUsage += row.stats.memUsage;
		}

		totals.set(family, total);
	}

	return order.filter(family => totals.has(family)).map(family => totals.get(family)!);
}
