import {existsSync} from 'node:fs';
import path from 'node:path';
import {composeNames} from '../../docker/compose.js';
import {withDefaultTag} from '../../docker/image-ref.js';
import type {Diagnose, Finding} from './types.js';
import {statusOf} from './types.js';

const title = 'Alpine image not found';
const symptom = 'Error response from daemon: pull access denied for <image> (the guide\'s Issue 1)';

/** Compose's name for a built image: <project>_<service> (v1) or <project>-<service> (v2), unless `image:` names it. */
export function builtImageName(projectName: string, service: string, version: 'v1' | 'v2'): string {
	return composeNames(version).image(projectName, service);
}

/** `name` → `name:latest`; a tag or digest is kept (a registry port is no tag). */
export function withTag(image: string): string {
	return withDefaultTag(image);
}

/** An Alpine Dockerfile for the service by the guide's naming (<service>.alpine.Dockerfile), near the project. */
export function alpineDockerfileFor(service: string, dirs: string[]): string | undefined {
	const names = [`${service}.alpine.Dockerfile`, `Dockerfile.${service}.alpine`, `${service}/Dockerfile.alpine`];
	for (const dir of [...new Set(dirs)]) {
		for (const name of names) {
			const file = path.join(dir, name);
			if (existsSync(file)) return file;
		}
	}

	return undefined;
}

export const diagnoseMissingImages: Diagnose = async (context, _input, shared) => {
	const {project, docker} = context;
	const variants = (['alpine', 'alpineTest'] as const).filter(variant => project.compose[variant]);
	if (variants.length === 0) return {id: 'missing-images', title, symptom, status: 'not-applicable', findings: [], note: 'The project has no Alpine compose file.'};
	const findings: Finding[] = [];
	const checked: string[] = [];
	// What the fix runs: a build without cache of every Alpine compose file.
	const buildCommands = await Promise.all(variants.map(async variant => (await shared.compose(variant)).describe(['build', '--no-cache'])));
	for (const variant of variants) {
		const compose = await shared.compose(variant);
		const composeFile = project.compose[variant]!;
		const file = path.relative(project.root, composeFile);
		let config: any;
		try {
			config = await shared.config(variant);
		} catch (error) {
			findings.push({severity: 'problem', subject: file, evidence: [(error as Error).message.split('\n')[0]], cause: 'compose cannot read the file', fix: [`fix ${file} (alpinist check names the line)`]});
			continue;
		}

		const services = Object.entries<any>(config.services ?? {});
		// Where the file's other services build: a Dockerfile for the unbuildable one may sit there.
		const contexts = services
			.map(([, definition]) => definition.build)
			.filter(Boolean)
			.map(build => path.resolve(path.dirname(composeFile), typeof build === 'string' ? build : build.context ?? '.'));
		const unbuilt: string[] = [];
		for (const [service, definition] of services) {
			const image: string = definition.image ?? builtImageName(compose.projectName, service, compose.options.cli.version);
			const local = await docker
				.getImage(withTag(image))
				.inspect()
				.then(() => true, () => false);
			checked.push(`${service} → ${image} (${local ? 'on this engine' : definition.build ? 'not built yet' : 'missing, no build'})`);
			if (local) continue;
			if (definition.build) {
				unbuilt.push(service);
				continue;
			}

			const dockerfile = alpineDockerfileFor(service, [...contexts, project.root, path.join(project.root, 'docker')]);
			const relativeContext = dockerfile ? path.relative(path.dirname(composeFile), path.dirname(dockerfile)) || '.' : undefined;
			findings.push({
				severity: 'problem',
				subject: `${service} (${file})`,
				evidence: [
					`${file}: service ${service} has image: ${image} and no build: section`,
					`docker image inspect ${withTag(image)}: no such image on this engine — compose would pull it, and the registry refuses ("pull access denied") or has no such image`,
					...(dockerfile ? [`${path.relative(project.root, dockerfile)} exists: an Alpine Dockerfile for ${service}`] : []),
				],
				cause: 'the Alpine images are built locally, and this service has no way to build its image',
				fix: dockerfile
					? [`add a build: section to ${service} in ${file} (below), then build it without cache: ${compose.describe(['build', '--no-cache', service])}`]
					: [`add a build: section for ${service} in ${file} pointing at its Alpine Dockerfile (alpinist convert writes one), or docker load ${image}`],
				patch: dockerfile
					? [`--- ${file}`, `+++ ${file}`, `@@ services.${service} @@`, `   ${service}:`, `     image: ${definition.image}`, '+    build:', `+      context: ${relativeContext}`, `+      dockerfile: ${path.basename(dockerfile)}`].join('\n')
					: undefined,
			});
		}

		if (unbuilt.length > 0) {
			findings.push({
				severity: 'warning',
				subject: `${unbuilt.join(', ')} (${file})`,
				evidence: unbuilt.map(service => `no image ${config.services[service].image ?? builtImageName(compose.projectName, service, compose.options.cli.version)} on this engine yet`),
				cause: 'the Alpine images have not been built here: a start without building fails with "pull access denied" (or builds them on the fly)',
				fix: ['build them without cache, as the guide does: ' + compose.describe(['build', '--no-cache', ...unbuilt])],
				command: ['alpinist', 'doctor', '--apply', 'build-alpine'],
				apply: {id: 'build-alpine', label: 'build the Alpine images with --no-cache', commands: buildCommands},
			});
		}
	}

	const note = findings.length === 0 ? `Every image of the Alpine compose file(s) is on this engine (${checked.length} checked).` : undefined;
	return {id: 'missing-images', title, symptom, status: statusOf(findings), findings, note, data: {checked}};
};
