import type {ComposeCli, ComposeProject} from './compose.js';
import {composeNames} from './compose.js';
import {withDefaultTag} from './image-ref.js';

/**
 * The image each service will run, as the Compose in use names it: a service's `image:`, else the
 * name Compose gives what it builds. v2 is asked (`config --images`: its naming changed across
 * versions, `proj_svc` in early 2.x, `proj-svc` since); v1's rule is fixed (`proj_svc`).
 */
export async function composeImageNames(compose: ComposeProject, config: any, services: string[], options: {signal?: AbortSignal} = {}): Promise<Record<string, string>> {
	const {version} = compose.options.cli;
	const project = compose.projectName;
	let listed: Set<string> | undefined;
	if (version === 'v2') {
		const result = await compose.run(['config', '--images'], {signal: options.signal});
		if (result.exitCode === 0) listed = new Set(result.stdout.split('\n').map(line => line.trim()).filter(Boolean).map(withDefaultTag));
	}

	const names: Record<string, string> = {};
	for (const service of services) {
		const named: string | undefined = config?.services?.[service]?.image;
		if (named) {
			names[service] = withDefaultTag(named);
			continue;
		}

		const rule = `${composeNames(version).image(project, service)}:latest`;
		const candidates = [rule, `${project}-${service}:latest`, `${project}_${service}:latest`];
		names[service] = (listed && candidates.find(candidate => listed!.has(candidate))) ?? rule;
	}

	return names;
}

export type ComposeFlavour = Pick<ComposeCli, 'version' | 'versionString'>;

/**
 * Which recorded images are not what the Compose in use will run: another name (built by another
 * Compose, or another naming rule), whatever the engine still holds under the old one.
 */
export function staleImageNames(recorded: Array<{service: string; image: string}>, expected: Record<string, string>): Array<{service: string; recorded: string; expected: string}> {
	return recorded.filter(image => expected[image.service] !== undefined && expected[image.service] !== image.image).map(image => ({service: image.service, recorded: image.image, expected: expected[image.service]}));
}
