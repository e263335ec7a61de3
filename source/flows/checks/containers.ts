import {computeStats, type RawStats} from '../../docker/stats.js';
import {composeCommand} from './compose-command.js';
import type {ContainerInfo, Snapshot} from '../../docker/types.js';
import {formatMB, formatPercent, stripControl} from '../../format.js';
import {variantLabel, variants, type Project, type Variant} from '../../project/discover.js';
import {projectContainers} from '../stack.js';
import {judgeMemoryUse, type MemorySample} from './judge.js';
import type {CheckDefinition, CheckEnv} from './types.js';

/** The project's containers by variant, as the engine lists them. */
export function containersByVariant(snapshot: Snapshot, project: Project): Array<{variant: Variant; containers: ContainerInfo[]}> {
	return variants
		.map(variant => ({variant, containers: projectContainers(snapshot, project.projectNames[variant])}))
		.filter(entry => entry.containers.length > 0);
}

async function startCommand(env: CheckEnv): Promise<string> {
	const {project} = env.context;
	const file = project.compose.regular;
	if (!file) return 'Start the regular stack of the project with compose (`up -d`).';
	return [await composeCommand(env), '-p', project.projectNames.regular, '-f', file, 'up', '-d'].join(' ');
}

/** The guide's step 1: image, name and status of the project's containers, and which variant runs. */
export const containersCheck: CheckDefinition = {
	id: 'containers',
	title: 'Current containers',
	needsEngine: true,
	async run(env) {
		const snapshot = (await env.engine())!;
		const groups = containersByVariant(snapshot, env.context.project);
		const expected = 'regular containers currently running (guide)';
		const all = groups.flatMap(group => group.containers);
		const detail = groups.flatMap(group =>
			group.containers.map(c => `${variantLabel[group.variant].padEnd(12)} ${stripControl(c.image).padEnd(36)} ${stripControl(c.name).padEnd(32)} ${stripControl(c.status)}`),
		);
		const running = groups.filter(group => group.containers.some(c => c.state === 'running')).map(group => group.variant);
		const runningLabel = running.map(variant => variantLabel[variant]).join(' + ') || 'none';
		const data = {
			running,
			containers: groups.flatMap(group => group.containers.map(c => ({variant: group.variant, image: c.image, name: c.name, state: c.state, status: c.status, health: c.health}))),
		};
		if (all.length === 0) {
			return {
				status: 'warn',
				value: 'none of the project runs (no baseline to compare with)',
				expected,
				fix: await startCommand(env),
				data,
			};
		}

		const broken = all.filter(c => c.health === 'unhealthy' || c.state === 'restarting' || c.state === 'dead');
		const stopped = all.filter(c => c.state === 'exited' || c.state === 'created');
		const counts = groups.map(group => `${variantLabel[group.variant]} ${group.containers.filter(c => c.state === 'running').length}/${group.containers.length} running`).join(', ');
		if (broken.length > 0) {
			const names = broken.map(c => `${stripControl(c.name)} (${c.health === 'unhealthy' ? 'unhealthy' : c.state})`);
			return {
				status: 'fail',
				value: `${counts}; ${names.join(', ')}`,
				expected,
				fix: `Fix the current stack before migrating: \`docker logs ${stripControl(broken[0].name)}\` and \`docker inspect --format '{{json .State.Health}}' ${stripControl(broken[0].name)}\`.`,
				detail,
				data,
			};
		}

		return {
			status: stopped.length > 0 || running.length === 0 ? 'warn' : 'pass',
			value: `variant running: ${runningLabel} — ${counts}`,
			expected,
			fix: stopped.length > 0 ? `Start the stopped containers (${stopped.map(c => stripControl(c.name)).join(', ')}) or remove them.` : undefined,
			detail,
			data,
		};
	},
};

async function sample(env: CheckEnv, container: ContainerInfo, hostMemory: number): Promise<MemorySample> {
	const raw = (await env.context.docker.getContainer(container.id).stats({stream: false, 'one-shot': true} as any)) as unknown as RawStats;
	const stats = computeStats(raw);
	// Without a limit the engine reports the host's memory as the limit.
	const limit = stats.memLimit > 0 && (hostMemory === 0 || stats.memLimit < hostMemory) ? stats.memLimit : undefined;
	return {name: stripControl(container.name), bytes: stats.memUsage, limit};
}

/** The guide's step 4: memory of the project's running containers (docker stats formula), kept as the baseline. */
export const memoryCheck: CheckDefinition = {
	id: 'memory',
	title: 'Current memory use',
	needsEngine: true,
	async run(env) {
		const snapshot = (await env.engine())!;
		const hostMemory = snapshot.engine?.memoryBytes ?? 0;
		const groups = containersByVariant(snapshot, env.context.project)
			.map(group => ({...group, containers: group.containers.filter(c => c.state === 'running')}))
			.filter(group => group.containers.length > 0);
		const expected = '~1.5 GB total for the regular test environment; < 800 MB on Alpine (guide)';
		if (groups.length === 0) {
			return {status: 'warn', value: 'nothing of the project runs: no baseline measured', expected, fix: 'Start the regular stack, then re-run the checklist to record its memory as the baseline.'};
		}

		const failures: string[] = [];
		const measured = await Promise.all(
			groups.map(async group => {
				const samples = await Promise.all(
					group.containers.map(container =>
						sample(env, container, hostMemory).catch(error => {
							failures.push(`${stripControl(container.name)}: ${(error as Error).message}`);
							return undefined;
						}),
					),
				);
				const ok = samples.filter((s): s is MemorySample => s !== undefined);
				return {variant: group.variant, samples: ok, complete: ok.length === samples.length, total: ok.reduce((sum, s) => sum + s.bytes, 0)};
			}),
		);
		const method = 'docker stats formula, one sample per container';
		// Rollback compares with this: only a complete reading becomes the baseline.
		for (const group of measured) if (group.complete) env.context.progress.setBaseline(`memory.${group.variant}`, group.total, 'bytes', method);

		const judgement = judgeMemoryUse(measured.flatMap(group => group.samples));
		const detail = measured.flatMap(group =>
			group.samples.map(s => `${variantLabel[group.variant].padEnd(12)} ${s.name.padEnd(32)} ${formatMB(s.bytes).padStart(10)}${s.limit ? `  of ${formatMB(s.limit)} limit (${formatPercent((s.bytes / s.limit) * 100)})` : ''}`),
		);
		const value = measured.map(group => `${variantLabel[group.variant]} ${formatMB(group.total)} in ${group.samples.length} containers`).join('; ');
		const data = {method, variants: measured.map(group => ({variant: group.variant, totalBytes: group.total, complete: group.complete, containers: group.samples}))};
		if (failures.length > 0) {
			return {status: 'fail', value: `could not read stats: ${failures.join('; ')}`, expected, fix: 'Check that the containers still run (`docker ps`) and re-run.', detail, data};
		}

		return {
			status: judgement.status,
			value: `${value} (${method})`,
			expected,
			fix: judgement.status === 'pass' ? undefined : `${judgement.reason}: raise its memory limit (deploy.resources.limits.memory) before measuring, or find what grows.`,
			detail,
			data,
		};
	},
};
