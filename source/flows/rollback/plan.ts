import {repoTag} from '../../docker/image-ref.js';
import {composeLabels} from '../../docker/parse.js';
import type {ContainerInfo, ImageInfo, VolumeInfo} from '../../docker/types.js';
import type {Variant} from '../../project/discover.js';

/**
 * What a rollback stops and removes, decided from data only (the engine's lists and the compose
 * configuration), so it can be shown before anything runs and tested with recorded API samples.
 *
 * Scope: containers, networks and volumes carrying the Alpine projects' compose labels, and images
 * built from the project's compose files. Never the guide's `docker images | grep alpine | xargs
 * docker rmi -f`: base images, pulled images and anything another container uses are kept.
 */

export type RollbackMode = 'emergency' | 'permanent';

export type PlanContainer = Pick<ContainerInfo, 'id' | 'name' | 'image' | 'imageId' | 'state' | 'labels' | 'project' | 'service' | 'mounts'>;
export type NetworkInfo = {id: string; name: string; labels: Record<string, string>};

/** A service of an Alpine project that compose builds (`build:` in its configuration). */
export type BuiltService = {project: string; service: string; /** `image:` next to `build:` names the built image. */ image?: string};

export type PlanInput = {
	mode: RollbackMode;
	projectNames: Record<Variant, string>;
	containers: PlanContainer[];
	images: ImageInfo[];
	volumes: VolumeInfo[];
	networks: NetworkInfo[];
	/** Volume name → bytes used (`docker system df -v`). */
	volumeSizes?: Record<string, number>;
	built: BuiltService[];
	/** Never removed: what the Alpine Dockerfiles build FROM, and the images the regular stack builds. */
	protectedRefs: string[];
	regularServices: string[];
};

export type PlannedContainer = {id: string; name: string; project: string; service?: string; state: string};
export type PlannedNetwork = {id: string; name: string; project: string};
export type PlannedVolume = {
	name: string;
	project?: string;
	driver: string;
	labels: Record<string, string>;
	sizeBytes?: number;
	/** An unnamed volume of a project container (compose `down -v` removes those too). */
	anonymous: boolean;
};
export type PlannedImage = {
	id: string;
	/** What is removed: the project's tags (the image goes with the last one), or the ID when it has no tag. */
	refs: string[];
	/** Tags this image also carries that are not the project's: they stay, and so does the image. */
	keepTags: string[];
	/** True when removing `refs` deletes the image (no other tag keeps it). */
	deletes: boolean;
	/** Why the image itself stays when only the project's tags go. */
	stays?: string;
	sizeBytes: number;
	services: string[];
};
export type KeptItem = {kind: 'image' | 'container'; name: string; reason: string};

export type RollbackPlan = {
	mode: RollbackMode;
	alpineProjects: string[];
	/** Running containers of the Alpine projects: stopped first. */
	stop: PlannedContainer[];
	/** Permanent only: removed with the stacks. */
	containers: PlannedContainer[];
	networks: PlannedNetwork[];
	volumes: PlannedVolume[];
	images: PlannedImage[];
	/** Things that look related (e.g. tagged alpine) but are not the project's, and why they stay. */
	kept: KeptItem[];
	start: {project: string; services: string[]};
	setDefault: boolean;
	/** Images present now that a helper container for volume backups can be created from. */
	helperImages: string[];
};

/** `name` → `name:latest`, without the default registry's prefixes: how the engine lists RepoTags. */
export function normalizeRef(ref: string): string {
	return repoTag(ref);
}

/** The names compose gives a built image when the service has no `image:`: v1 `proj_svc`, v2 `proj-svc`. */
export function builtImageNames(project: string, service: string): string[] {
	return [normalizeRef(`${project}_${service}`), normalizeRef(`${project}-${service}`)];
}

const runningStates = new Set(['running', 'restarting', 'paused']);

function shortId(id: string): string {
	return id.replace(/^sha256:/, '').slice(0, 12);
}

function plannedContainer(container: PlanContainer): PlannedContainer {
	return {id: container.id, name: container.name, project: container.project!, service: container.service, state: container.state};
}

export function buildPlan(input: PlanInput): RollbackPlan {
	const alpineProjects = [input.projectNames.alpine, input.projectNames.alpineTest];
	const ours = (project: string | undefined) => project !== undefined && alpineProjects.includes(project);
	const projectContainers = input.containers.filter(container => ours(container.project));
	const foreignContainers = input.containers.filter(container => !ours(container.project));
	const stop = projectContainers.filter(container => runningStates.has(container.state)).map(plannedContainer);
	const start = {project: input.projectNames.regular, services: input.regularServices};
	if (input.mode === 'emergency') {
		return {mode: 'emergency', alpineProjects, stop, containers: [], networks: [], volumes: [], images: [], kept: [], start, setDefault: false, helperImages: []};
	}

	const networks = input.networks
		.filter(network => ours(network.labels[composeLabels.project]))
		.map(network => ({id: network.id, name: network.name, project: network.labels[composeLabels.project]}));

	const volumes: PlannedVolume[] = input.volumes
		.filter(volume => ours(volume.labels[composeLabels.project]))
		.map(volume => ({name: volume.name, project: volume.labels[composeLabels.project], driver: volume.driver, labels: volume.labels, sizeBytes: input.volumeSizes?.[volume.name], anonymous: false}));
	for (const container of projectContainers) {
		for (const mount of container.mounts) {
			if (mount.type !== 'volume' || !mount.name || volumes.some(volume => volume.name === mount.name)) continue;
			const known = input.volumes.find(volume => volume.name === mount.name);
			// A named volume of another project (or declared external) stays: only unnamed ones go with the container.
			if (known && Object.keys(known.labels).length > 0) continue;
			if (!/^[a-f0-9]{64}$/.test(mount.name)) continue;
			volumes.push({name: mount.name, project: container.project, driver: known?.driver ?? 'local', labels: known?.labels ?? {}, sizeBytes: input.volumeSizes?.[mount.name], anonymous: true});
		}
	}

	const {images, kept} = planImages(input, projectContainers, foreignContainers, ours);
	return {
		mode: 'permanent',
		alpineProjects,
		stop,
		containers: projectContainers.map(plannedContainer),
		networks,
		volumes,
		images,
		kept,
		start,
		setDefault: true,
		helperImages: [...new Set(projectContainers.map(container => container.imageId).filter(Boolean))],
	};
}

function planImages(
	input: PlanInput,
	projectContainers: PlanContainer[],
	foreignContainers: PlanContainer[],
	ours: (project: string | undefined) => boolean,
): {images: PlannedImage[]; kept: KeptItem[]} {
	// Tags compose gives the images it builds for the Alpine projects.
	const builtTags = new Map<string, string>();
	const builtServices = new Set<string>();
	for (const built of input.built) {
		if (!ours(built.project)) continue;
		builtServices.add(`${built.project}/${built.service}`);
		const names = built.image ? [normalizeRef(built.image)] : builtImageNames(built.project, built.service);
		for (const name of names) builtTags.set(name, built.service);
	}

	// Compose's own naming is evidence of a build even when the configuration could not be read.
	for (const container of projectContainers) {
		if (!container.service) continue;
		for (const name of builtImageNames(container.project!, container.service)) builtTags.set(name, container.service);
	}

	const protectedRefs = new Set(input.protectedRefs.map(normalizeRef));
	const usedBy = new Map<string, string>();
	for (const container of foreignContainers) if (!usedBy.has(container.imageId)) usedBy.set(container.imageId, container.name);

	const candidates = new Map<string, Set<string>>();
	const add = (id: string, service: string) => {
		if (!candidates.has(id)) candidates.set(id, new Set());
		candidates.get(id)!.add(service);
	};

	for (const image of input.images) {
		for (const tag of image.tags) {
			const service = builtTags.get(tag);
			if (service) add(image.id, service);
		}

		if (ours(image.labels[composeLabels.project])) add(image.id, image.labels[composeLabels.service] ?? '?');
	}

	const pulled = new Map<string, PlanContainer>();
	for (const container of projectContainers) {
		const built = builtServices.has(`${container.project}/${container.service}`) || builtImageNames(container.project!, container.service ?? '').includes(normalizeRef(container.image));
		if (built) add(container.imageId, container.service ?? container.name);
		else if (!pulled.has(container.imageId)) pulled.set(container.imageId, container);
	}

	const images: PlannedImage[] = [];
	const kept: KeptItem[] = [];
	const imageName = (image: ImageInfo | undefined, id: string) => image?.tags[0] ?? shortId(id);
	for (const [id, services] of candidates) {
		const image = input.images.find(candidate => candidate.id === id);
		const tags = image?.tags ?? [];
		const name = imageName(image, id);
		const foreignUser = usedBy.get(id);
		const guarded = tags.find(tag => protectedRefs.has(tag));
		if (guarded) {
			kept.push({kind: 'image', name, reason: `${guarded} is a base image of the Alpine Dockerfiles or an image of the regular stack`});
			continue;
		}

		const ourTags = tags.filter(tag => builtTags.has(tag));
		const keepTags = tags.filter(tag => !builtTags.has(tag));
		if (ourTags.length === 0 && keepTags.length > 0) {
			kept.push({kind: 'image', name, reason: `also tagged ${keepTags.join(', ')}, which is not a name compose gave it`});
			continue;
		}

		// Another container uses it: the project's names can go only if another name keeps the image.
		if (foreignUser && keepTags.length === 0) {
			kept.push({kind: 'image', name, reason: `used by container ${foreignUser}, which is not part of the Alpine stacks`});
			continue;
		}

		images.push({
			id,
			refs: ourTags.length > 0 ? ourTags : [id],
			keepTags,
			deletes: keepTags.length === 0,
			stays: keepTags.length === 0 ? undefined : `also tagged ${keepTags.join(', ')}${foreignUser ? `, used by container ${foreignUser}` : ''}`,
			sizeBytes: image?.size ?? 0,
			services: [...services].sort(),
		});
	}

	for (const [id, container] of pulled) {
		if (candidates.has(id)) continue;
		kept.push({kind: 'image', name: container.image, reason: `pulled, not built by the project (service ${container.service ?? container.name}); other projects may use it`});
	}

	// What the guide's `docker images | grep alpine` would have removed, and why it stays.
	for (const image of input.images) {
		if (candidates.has(image.id)) continue;
		const alpineTag = image.tags.find(tag => /alpine/i.test(tag) && !(pulled.has(image.id) && normalizeRef(pulled.get(image.id)!.image) === tag));
		if (!alpineTag) continue;
		const foreignUser = usedBy.get(image.id);
		kept.push({kind: 'image', name: alpineTag, reason: foreignUser ? `not built by the project; used by container ${foreignUser}` : 'not built by the project (only its name mentions alpine)'});
	}

	// Containers named like the Alpine stacks' but without their labels (e.g. started by hand).
	for (const container of foreignContainers) {
		if (!container.name.startsWith(input.projectNames.alpine)) continue;
		kept.push({kind: 'container', name: container.name, reason: `not labelled as part of the compose projects ${input.projectNames.alpine} / ${input.projectNames.alpineTest}`});
	}

	images.sort((a, b) => a.refs[0].localeCompare(b.refs[0]));
	return {images, kept};
}

export function isEmptyPlan(plan: RollbackPlan): boolean {
	return plan.stop.length + plan.containers.length + plan.networks.length + plan.volumes.length + plan.images.length === 0;
}
