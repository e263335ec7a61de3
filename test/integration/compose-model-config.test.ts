/**
 * The compose reader held against `docker compose config` on every fixture shape: several -f
 * files, include, extends, profiles, build args and targets with .env interpolation. Compose v2
 * is the reference (v1 knows neither include nor profiles' `*`); skipped, saying why, without it.
 */
import path from 'node:path';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import {loadComposeModel} from '../../source/project/compose-model/model.js';
import {repoRoot} from '../helpers/context.js';

const fixtures = path.join(repoRoot, 'test/fixtures/compose-model');
const env = {PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DOCKER_HOST: process.env.DOCKER_HOST ?? ''};
const hasV2 = (await execa('docker', ['compose', 'version'], {reject: false})).exitCode === 0;

async function composeConfig(files: string[], profiles: string[]): Promise<any> {
	const args = ['compose', ...files.flatMap(file => ['-f', file]), ...profiles.flatMap(profile => ['--profile', profile]), 'config', '--format', 'json'];
	const result = await execa('docker', args, {cwd: path.dirname(files[0]!), env, extendEnv: false});
	return JSON.parse(result.stdout);
}

function ours(files: string[], profiles: string[]) {
	const model = loadComposeModel({files, processEnv: {}, profiles});
	return Object.fromEntries(
		model.services
			.filter(service => service.active)
			.map(service => [
				service.name,
				{
					image: service.image,
					build: service.build && {context: service.build.context, dockerfile: service.build.dockerfileName, target: service.build.target, args: service.build.args},
				},
			]),
	);
}

function theirs(config: any) {
	return Object.fromEntries(
		Object.entries<any>(config.services).map(([name, service]) => [
			name,
			{
				// compose names the image of a build service without image: after the project; the model leaves it unset.
				image: service.build && !service.image?.includes('/') && !service.image?.includes(':') ? undefined : service.image,
				build: service.build && {
					context: service.build.context,
					dockerfile: service.build.dockerfile,
					target: service.build.target,
					args: Object.fromEntries(Object.entries<any>(service.build.args ?? {}).filter(([, value]) => value !== null)),
				},
			},
		]),
	);
}

const cases: Array<{name: string; files: string[]; profiles?: string[]}> = [
	{name: 'several -f files (base and override)', files: ['several-files/docker-compose.yml', 'several-files/docker-compose.override.yml']},
	{name: 'include, with the included projects’ own .env and env_file', files: ['include/compose.yaml']},
	{name: 'extends, in the same file and from another', files: ['extends/compose.yaml']},
	{name: 'profiles, none enabled', files: ['profiles/compose.yaml']},
	{name: 'profiles, one enabled', files: ['profiles/compose.yaml'], profiles: ['docs']},
	{name: 'build args (list form), target and .env interpolation', files: ['args-targets/compose.yaml']},
];

describe.skipIf(!hasV2)('the compose reader agrees with docker compose config', () => {
	for (const testCase of cases) {
		it(testCase.name, async () => {
			const files = testCase.files.map(file => path.join(fixtures, file));
			const expected = theirs(await composeConfig(files, testCase.profiles ?? []));
			const actual = ours(files, testCase.profiles ?? []);
			expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
			for (const name of Object.keys(expected)) {
				const clean = (value: any) => JSON.parse(JSON.stringify(value));
				expect(clean(actual[name]), name).toEqual(clean(expected[name]));
			}
		});
	}
});
