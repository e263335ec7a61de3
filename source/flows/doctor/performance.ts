import path from 'node:path';
import {fromInspect} from '../../docker/parse.js';
import {computeStats, type RawStats} from '../../docker/stats.js';
import {formatBytes, formatPercent} from '../../format.js';
import {projectContainers} from '../stack.js';
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

export const diagnosePerformance: Diagnose = async (context, _input, shared) => {
	const {project, store, docker} = context;
	const snapshot = store.getSnapshot();
	const findings: Finding[] = [];
	const running = (variant: 'regular' | 'alpine' | 'alpineTest') =>
		projectContainers(snapshot, project.projectNames[variant]).filter(container => container.state === 'running');
	const alpine = [...running('alpine'), ...running('alpineTest')];
	const regular = running('regular');

	const notes: string[] = [];

	// 1. Are the Alpine containers really the ones running?
	if (alpine.length === 0 && regular.length > 0) {
		findings.push({
			severity: 'problem',
			subject: 'running variant',
			evidence: [`running: ${regular.map(c => `${c.name} (${c.image})`).join(', ')} — all regular`],
			cause: 'the regular stack is what runs, so nothing Alpine is being measured',
			fix: ['start the Alpine stack: alpinist up --alpine (or alpinist migrate)'],
		});
	} else if (alpine.length === 0) {
		const stopped = [...projectContainers(snapshot, project.projectNames.alpine), ...projectContainers(snapshot, project.projectNames.alpineTest)];
		notes.push(
			`No container of the project is running${stopped.length > 0 ? ` (${stopped.map(c => `${c.name}: ${c.status}`).join(', ')})` : ''}: CPU throttling, memory against limits and disk I/O were not measured.`,
		);
	}

	// 2. The test stack's tmpfs mounts: declared in the file, present in the containers.
	if (project.compose.alpineTest) {
		const file = path.relative(project.root, project.compose.alpineTest);
		try {
			const config = await shared.config('alpineTest');
			const services = Object.entries<any>(config.services ?? {});
			const without = services.filter(([, service]) => declaredTmpfs(service).length === 0).map(([name]) => name);
			if (without.length > 0) {
				findings.push({
					severity: 'problem',
					subject: file,
					evidence: [`${file}: no tmpfs for ${without.join(', ')}${without.length < services.length ? ` (of ${services.map(([name]) => name).join(', ')})` : ''}`],
					cause: 'without tmpfs, the test stack writes its scratch data to the overlay filesystem on disk — the guide calls tmpfs critical for performance',
					fix: [`add to ${without.length === 1 ? 'the service' : 'each of these services'} in ${file}:  tmpfs: ["/tmp", "<its scratch directories>"]`],
					patch: [`--- ${file}`, `+++ ${file}`, ...without.flatMap(name => [`@@ services.${name} @@`, `   ${name}:`, '+    tmpfs:', '+      - /tmp'])].join('\n'),
				});
			}

			// The containers' own record (inspect): the list the store starts from carries no tmpfs.
			for (const listed of running('alpineTest')) {
				const container = fromInspect(await docker.getContainer(listed.id).inspect());
				const declared = declaredTmpfs(config.services?.[container.service ?? '']);
				const mounted = container.mounts.filter(mount => mount.type === 'tmpfs').map(mount => mount.destination);
				const missing = declared.filter(target => !mounted.includes(target));
				if (missing.length > 0) {
					findings.push({
						severity: 'problem',
						subject: container.name,
						evidence: [`declared in ${file}: tmpfs ${declared.join(', ')}`, `mounted in the container: ${mounted.join(', ') || 'no tmpfs'}`],
						cause: 'the container was created before the tmpfs was declared (or by other means) and runs without it',
						fix: ['recreate it: alpinist restart --alpine (compose up --force-recreate)'],
					});
				}
			}
		} catch (error) {
			findings.push({severity: 'warning', subject: file, evidence: [(error as Error).message.split('\n')[0]], cause: 'compose cannot read the test stack file', fix: ['alpinist check names the problem']});
		}
	} else {
		notes.push('The project has no Alpine test compose file: its tmpfs mounts were not checked.');
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

	// What was measured, also when nothing is wrong: the values behind the verdict.
	const measured = samples.map(({container, stats}) => {
		const cpu = stats.periods > 0 ? `CPU throttled in ${stats.throttledPeriods} of ${stats.periods} periods (${formatPercent((stats.throttledPeriods / stats.periods) * 100)})` : 'no CPU limit (no CFS periods)';
		const limited = stats.memLimit > 0 && (hostMemory === 0 || stats.memLimit < hostMemory);
		const memory = limited ? `memory ${formatBytes(stats.memUsage)} of a ${formatBytes(stats.memLimit)} limit (${formatPercent(stats.memPercent)})` : `memory ${formatBytes(stats.memUsage)}, no limit`;
		return `${container.name}: ${cpu}; ${memory}; block read ${formatBytes(stats.blkRead)}, write ${formatBytes(stats.blkWrite)}`;
	});
	if (measured.length > 0) {
		findings.push({
			severity: 'info',
			subject: 'measured since each container started (one docker stats sample each)',
			evidence: measured,
			cause: 'for reference: throttling above 10 % of periods or memory above 90 % of its limit is reported above; heavy writes on a test stack suggest a missing tmpfs',
			fix: ['none needed unless a value above says otherwise'],
		});
	}

	const status = findings.length === 0 && alpine.length === 0 ? 'not-applicable' : statusOf(findings);
	return {id: 'performance', title, symptom, status, findings, note: notes.join(' ') || undefined};
};
