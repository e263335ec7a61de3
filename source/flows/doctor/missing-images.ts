import path from 'node:path';
import {composeForVariant} from '../stack.js';
import type {Diagnose, Finding} from './types.js';
import {statusOf} from './types.js';

const title = 'Alpine image not found';
const symptom = 'Error response from daemon: pull access denied for <image> (the guide\'s Issue 1)';

/** Compose's name for a built image: <project>_<service> (v1) or <project>-<service> (v2), unless `image:` names it. */
export function builtImageName(projectName: string, service: string, version: 'v1' | 'v2'): string {
	return version === 'v1' ? `${projectName}_${service}` : `${projectName}-${service}`;
}

export const diagnoseMissingImages: Diagnose = async context => {
	const {project, docker} = context;
	const variants = (['alpine', 'alpineTest'] as const).filter(variant => project.compose[variant]);
	if (variants.length === 0) return {id: 'missing-images', title, symptom, status: 'not-applicable', findings: [], note: 'The project has no Alpine compose file.'};
	const findings: Finding[] = [];
	const checked: string[] = [];
	for (const variant of variants) {
		const compose = await composeForVariant(context, variant);
		const file = path.relative(project.root, project.compose[variant]!);
		let config: any;
		try {
			config = await compose.config();
		} catch (error) {
			findings.push({severity: 'problem', subject: file, evidence: [(error as Error).message.split('\n')[0]], cause: 'compose cannot read the file', fix: [`fix ${file} (alpinist check names the line)`]});
			continue;
		}

		const unbuilt: string[] = [];
		for (const [service, definition] of Object.entries<any>(config.services ?? {})) {
			const image: string = definition.image ?? builtImageName(compose.projectName, service, compose.options.cli.version);
			const local = await docker
				.getImage(image.includes(':') || image.includes('@') ? image : `${image}:latest`)
				.inspect()
				.then(() => true, () => false);
			checked.push(`${file}: ${service} → ${image} (${local ? 'local' : definition.build ? 'not built yet' : 'missing'})`);
			if (local) continue;
			if (definition.build) {
				unbuilt.push(service);
				continue;
			}

			findings.push({
				severity: 'problem',
				subject: `${service} (${file})`,
				evidence: [`image ${image} is not on this engine and the service has no build: compose would try to pull it`],
				cause: 'Alpine images of the project are built locally; this one can be neither found nor built',
				fix: [`add a build: section for ${service} (a *.alpine.Dockerfile), or docker pull / docker load ${image}`],
			});
		}

		if (unbuilt.length > 0) {
			const command = ['alpinist', 'doctor', '--apply', 'build-alpine'];
			findings.push({
				severity: 'warning',
				subject: `${unbuilt.join(', ')} (${file})`,
				evidence: unbuilt.map(service => `no image ${builtImageName(compose.projectName, service, compose.options.cli.version)} yet`),
				cause: 'the Alpine images have not been built on this engine (a start would fail or build them on the fly)',
				fix: ['build them without cache, as the guide does: ' + compose.describe(['build', '--no-cache'])],
				command,
				apply: {id: 'build-alpine', label: `build ${unbuilt.length} Alpine image(s) with --no-cache`},
			});
		}
	}

	return {id: 'missing-images', title, symptom, status: statusOf(findings), findings, data: {checked}};
};
