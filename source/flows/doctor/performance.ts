import path from 'node:path';
import {computeStats, type RawStats} from '../../docker/stats.js';
import {formatBytes, formatPercent} from '../../format.js';
import {composeForVariant, projectContainers} from '../stack.js';
import type {Diagnose, Finding} from './types.js';
import {statusOf} from './types.js';

const title = 'Performance not improved';
const symptom = 'Alpine containers not faster than expected (the guide\'s Issue 3)';

/** tmpfs targets a compose service declares (`tmpfs:` as a string or list). */
export function declaredTmpfs(service: any): string[] {
	const value = service?.tmpfs;
	if (!value) return [];
	return (Array.isArray(value) ? value : [value]).map((entry: string) => entry.split(':')[0]);
}

export const diagnosePerformance: Diagnose = async context => {
	const {project, store, docker} = context;
	const snapshot = store.getSnapshot();
	const findings: Finding[] = [];
	const running = (variant: 'regular' | 'alpine' | 'alpineTest') =>
		projectContainers(snapshot, project.projectNames[variant]).filter(container => container.state === 'running');
	const alpine = [...running('alpine'), ...running('alpineTest')];
	const regular = running('regular');

	// 1. Are the Alpine containers really the ones running?
	if (alpine.length === 0) {
		findings.push({
			severity: regular.length > 0 ? 'problem' : 'warning',
			subject: 'running variant',
			evidence: [regular.length > 0 ? `running: ${regular.map(c => `${c.name} (${c.image})`).join(', ')} — all regular` : 'no container of the project is running'],
			cause: regular.length > 0 ? 'the regular stack is what runs, so nothing Alpine is being measured' : 'nothing is running to be fast or slow',
			fix: ['start the Alpine stack: alpinist up --alpine (or alpinist migrate)'],
		});
	}

	// 2. The test stack's tmpfs mounts: declared in the file, present in the containers.
	if (project.compose.alpineTest) {
		const file = path.relative(project.root, project.compose.alpineTest);
		try {
			const config = await (await composeForVariant(context, 'alpineTest')).config();
			const services = Object.entries<any>(config.services ?? {});
			const withTmpfs = services.filter(([, service]) => declaredTmpfs(service).length > 0);
			if (withTmpfs.length === 0) {
				findings.push({
					severity: 'problem',
					subject: file,
					evidence: [`${file} declares no tmpfs for any of ${services.map(([name]) => name).join(', ')}`],
					cause: 'without tmpfs, the test stack writes its scratch data to the overlay filesystem on disk — the guide calls tmpfs critical for performance',
					fix: [`add to each service in ${file}:  tmpfs: ["/tmp", "<its scratch dirs>"]`],
				});
			}

			for (const container of running('alpineTest')) {
				const declared = declaredTmpfs(config.services?.[container.service ?? '']);
				const mounted = container.mounts.filter(mount => mount.type === 'tmpfs').map(mount => mount.destination);
				const missing = declared.filter(target => !mounted.includes(target));
				if (missing.length > 0) {
					findings.push({
						severity: 'problem',
						subject: container.name,
						evidence: [`declared tmpfs: ${declared.join(', ')}`, `mounted tmpfs: ${mounted.join(', ') || 'none'}`],
						cause: 'the container was created before the tmpfs was declared (or by other means) and runs without it',
						fix: ['recreate it: alpinist restart --alpine (compose up --force-recreate)'],
					});
				}
			}
		} catch (error) {
			findings.push({severity: 'warning', subject: file, evidence: [(error as Error).message.split('\n')[0]], cause: 'compose cannot read the test stack file', fix: ['alpinist check names the problem']});
		}
	}

	// 3. CPU throttling, memory near its limit, disk I/O: from one stats sample per container.
	const hostMemory = snapshot.engine?.memoryBytes ?? 0;
	const samples = await Promise.all(
		alpine.map(async container => ({container, stats: computeStats((await docker.getContainer(container.id).stats({stream: false})) as unknown as RawStats)})),
	);
	for (const {container, stats} of samples) {
		const throttledShare = stats.periods > 0 ? stats.throttledPeriods / stats.periods : 0;
		if (throttledShare > 0.1) {
			findings.push({
				severity: 'warning',
				subject: container.name,
				evidence: [`throttled in ${stats.throttledPeriods} of ${stats.periods} CFS periods (${formatPercent(throttledShare * 100)}), ${(stats.throttledTimeNs / 1e9).toFixed(2)} s in all, since the container started`],
				cause: 'its CPU limit holds it back',
				fix: ['raise deploy.resources.limits.cpus for this service, or lower its load'],
			});
		}

		const limited = stats.memLimit > 0 && (hostMemory === 0 || stats.memLimit < hostMemory);
		if (limited && stats.memUsage / stats.memLimit > 0.9) {
			findings.push({
				severity: 'warning',
				subject: container.name,
				evidence: [`memory ${formatBytes(stats.memUsage)} of a ${formatBytes(stats.memLimit)} limit (${formatPercent(stats.memPercent)})`],
				cause: 'a memory limit close to usage makes the kernel reclaim page cache constantly (and risks OOM kills)',
				fix: ['raise deploy.resources.limits.memory for this service'],
			});
		}
	}

	const io = samples.map(({container, stats}) => `${container.name}: block read ${formatBytes(stats.blkRead)}, write ${formatBytes(stats.blkWrite)}`);
	if (io.length > 0) {
		findings.push({severity: 'info', subject: 'disk I/O since start', evidence: io, cause: 'for reference: heavy writes on a test stack suggest a missing tmpfs', fix: ['none needed unless writes are large']});
	}

	return {id: 'performance', title, symptom, status: statusOf(findings), findings};
};
