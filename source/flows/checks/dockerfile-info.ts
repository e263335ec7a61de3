import {DockerfileParser} from 'dockerfile-ast';
import {interpolate} from '../../project/compose-model/interpolate.js';

/** What the checks read from a Dockerfile: its base images (ARGs resolved) and its healthcheck. Pure. */

export type BaseImage = {
	/** The image after ARG defaults and build args are substituted. */
	image: string;
	/** As written after FROM. */
	raw: string;
	/** 1-based. */
	line: number;
	/** ARGs used without a value. */
	unresolved: string[];
};

export type DockerfileInfo = {
	/** External images the build starts from (stages and scratch excluded), in file order. */
	bases: BaseImage[];
	/**
	 * The healthcheck of the final stage: declared with CMD, switched off with NONE, or
	 * inherited from what the final stage builds on (an image or an earlier stage).
	 */
	healthcheck: {kind: 'cmd'; line: number} | {kind: 'none'; line: number} | {kind: 'inherited'; from: string; fromStage: boolean};
};

export function readDockerfile(text: string, buildArgs: Record<string, string | undefined> = {}): DockerfileInfo {
	const dockerfile = DockerfileParser.parse(text);
	const env: Record<string, string | undefined> = {};
	for (const arg of dockerfile.getInitialARGs()) {
		const property = arg.getProperty();
		if (!property) continue;
		const value = property.getValue();
		if (value !== null) env[property.getName()] = interpolate(value, env).value;
	}

	// A build arg overrides the default only for ARGs the Dockerfile declares; undefined means "from the environment, unset".
	for (const [key, value] of Object.entries(buildArgs)) if (value !== undefined) env[key] = value;

	const stages = new Set<string>();
	const bases: BaseImage[] = [];
	const froms = dockerfile.getFROMs();
	const resolvedFroms: Array<{image: string; isStage: boolean; line: number}> = [];
	for (const from of froms) {
		const raw = from.getImage() ?? '';
		const line = from.getRange().start.line + 1;
		const result = interpolate(raw, env);
		const image = result.value;
		const isStage = stages.has(image.toLowerCase());
		resolvedFroms.push({image, isStage, line});
		const stage = from.getBuildStage();
		if (stage) stages.add(stage.toLowerCase());
		if (isStage || image.toLowerCase() === 'scratch') continue;
		bases.push({image, raw, line, unresolved: result.missing});
	}

	const last = resolvedFroms.at(-1);
	const lastLine = last ? last.line : 0;
	const checks = dockerfile.getHEALTHCHECKs().filter(check => check.getRange().start.line + 1 > lastLine);
	const final = checks.at(-1);
	let healthcheck: DockerfileInfo['healthcheck'];
	if (final) {
		const kind = (final.getSubcommand()?.getValue() ?? '').toUpperCase() === 'NONE' ? 'none' : 'cmd';
		healthcheck = {kind, line: final.getRange().start.line + 1};
	} else {
		healthcheck = {kind: 'inherited', from: last?.image ?? 'scratch', fromStage: last?.isStage ?? false};
		if (last?.isStage) healthcheck = stageHealthcheck(dockerfile, resolvedFroms, froms, last.image) ?? healthcheck;
	}

	return {bases, healthcheck};
}

/** Follows `FROM stage` back to the stage that declares a healthcheck, or to its external base image. */
function stageHealthcheck(
	dockerfile: ReturnType<typeof DockerfileParser.parse>,
	resolved: Array<{image: string; isStage: boolean; line: number}>,
	froms: ReturnType<ReturnType<typeof DockerfileParser.parse>['getFROMs']>,
	stage: string,
	depth = 0,
): DockerfileInfo['healthcheck'] | undefined {
	if (depth > 20) return undefined;
	const index = froms.findIndex(from => from.getBuildStage()?.toLowerCase() === stage.toLowerCase());
	if (index === -1) return undefined;
	const start = resolved[index].line;
	const end = resolved[index + 1]?.line ?? Number.POSITIVE_INFINITY;
	const inStage = dockerfile.getHEALTHCHECKs().filter(check => {
		const line = check.getRange().start.line + 1;
		return line > start && line < end;
	});
	const found = inStage.at(-1);
	if (found) {
		const kind = (found.getSubcommand()?.getValue() ?? '').toUpperCase() === 'NONE' ? 'none' : 'cmd';
		return {kind, line: found.getRange().start.line + 1};
	}

	const parent = resolved[index];
	if (parent.isStage) return stageHealthcheck(dockerfile, resolved, froms, parent.image, depth + 1);
	return {kind: 'inherited', from: parent.image, fromStage: false};
}
