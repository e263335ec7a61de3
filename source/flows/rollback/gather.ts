import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {parse as parseYaml} from 'yaml';
import {fromImage, fromListEntry, fromVolume} from '../../docker/parse.js';
import type {Variant} from '../../project/discover.js';
import {composeForVariant} from '../stack.js';
import type {FlowContext} from '../types.js';
import {dockerfileBaseRefs} from './base-refs.js';
import {buildPlan, type BuiltService, type PlanInput, type RollbackMode, type RollbackPlan} from './plan.js';

/**
 * Reads what the plan is decided from, fresh from the engine (not the store's cached picture: the
 * preview must be exactly what runs) and from compose's own reading of the project's files.
 */

type ComposeView = {services: string[]; built: BuiltService[]; baseRefs: string[]};

/** Service names straight from the file: no compose process, so the emergency plan is quick. */
async function serviceNames(context: FlowContext, variant: Variant): Promise<ComposeView | undefined> {
	const file = context.project.compose[variant];
	if (!file) return undefined;
	try {
		const parsed = parseYaml(await readFile(file, 'utf8'));
		const services = Object.keys(parsed?.services ?? {});
		if (services.length > 0) return {services, built: [], baseRefs: []};
	} catch {
		// Anchors, merges or a YAML quirk: let compose read it.
	}

	return readCompose(context, variant, false);
}

async function readCompose(context: FlowContext, variant: Variant, withBases: boolean): Promise<ComposeView | undefined> {
	if (!context.project.compose[variant]) return undefined;
	const compose = await composeForVariant(context, variant);
	const config = await compose.config({signal: context.signal});
	const services: Record<string, any> = config?.services ?? {};
	const built: BuiltService[] = [];
	const baseRefs: string[] = [];
	for (const [service, definition] of Object.entries(services)) {
		if (!definition?.build) continue;
		built.push({project: compose.projectName, service, image: typeof definition.image === 'string' ? definition.image : undefined});
		if (!withBases) continue;
		const build = typeof definition.build === 'string' ? {context: definition.build} : definition.build;
		const contextDir = path.resolve(compose.options.cwd, build.context ?? '.');
		const dockerfile = path.resolve(contextDir, build.dockerfile ?? 'Dockerfile');
		const args = normalizeArgs(build.args);
		try {
			baseRefs.push(...dockerfileBaseRefs(await readFile(dockerfile, 'utf8'), args));
		} catch {
			// An unreadable Dockerfile adds no base; images are still chosen by compose's names only.
		}
	}

	return {services: Object.keys(services), built, baseRefs};
}

function normalizeArgs(args: unknown): Record<string, string | undefined> {
	if (Array.isArray(args)) {
		return Object.fromEntries(args.map(entry => String(entry).split('=')).map(([key, ...value]) => [key, value.length > 0 ? value.join('=') : process.env[key]]));
	}

	if (args && typeof args === 'object') return Object.fromEntries(Object.entries(args).map(([key, value]) => [key, value === null ? undefined : String(value)]));
	return {};
}

/** Bytes used by each volume, as `docker system df -v` reports them. */
export async function volumeSizes(context: FlowContext): Promise<Record<string, number>> {
	try {
		const df: any = await context.docker.df();
		const sizes: Record<string, number> = {};
		for (const volume of df.Volumes ?? []) {
			const size = volume.UsageData?.Size;
			if (typeof size === 'number' && size >= 0) sizes[volume.Name] = size;
		}

		return sizes;
	} catch {
		return {};
	}
}

export async function gatherPlanInput(context: FlowContext, mode: RollbackMode): Promise<PlanInput> {
	const {docker, project} = context;
	const permanent = mode === 'permanent';
	const [containers, regular, alpine, alpineTest, images, volumes, networks, sizes] = await Promise.all([
		docker.listContainers({all: true}),
		permanent ? readCompose(context, 'regular', false) : serviceNames(context, 'regular'),
		permanent ? readCompose(context, 'alpine', true).catch(() => undefined) : undefined,
		permanent ? readCompose(context, 'alpineTest', true).catch(() => undefined) : undefined,
		permanent ? docker.listImages({all: false}) : [],
		permanent ? docker.listVolumes().then(answer => answer.Volumes ?? []) : [],
		permanent ? docker.listNetworks() : [],
		permanent ? volumeSizes(context) : {},
	]);
	return {
		mode,
		projectNames: project.projectNames,
		containers: containers.map(fromListEntry),
		images: (images as any[]).map(fromImage),
		volumes: (volumes as any[]).map(fromVolume),
		networks: (networks as any[]).map(network => ({id: network.Id, name: network.Name, labels: network.Labels ?? {}})),
		volumeSizes: sizes,
		built: [...(alpine?.built ?? []), ...(alpineTest?.built ?? [])],
		protectedRefs: [
			...(alpine?.baseRefs ?? []),
			...(alpineTest?.baseRefs ?? []),
			...(regular?.built ?? []).flatMap(service => (service.image ? [service.image] : [])),
		],
		regularServices: regular?.services ?? [],
	};
}

export async function gatherPlan(context: FlowContext, mode: RollbackMode): Promise<RollbackPlan> {
	return buildPlan(await gatherPlanInput(context, mode));
}
