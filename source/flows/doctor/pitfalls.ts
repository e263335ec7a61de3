import {existsSync, readFileSync} from 'node:fs';
import {pathExists, readContainerFile} from '../../docker/archive.js';
import {projectContainers} from '../stack.js';
import type {Diagnose, Finding} from './types.js';
import {statusOf} from './types.js';

const title = 'Known musl pitfalls';
const symptom = 'Differences of musl and busybox that bite after a migration';

/** What cannot be seen from outside a process, said once, with where it comes from. */
export const knowledge = [
	'DNS: musl queries every nameserver in parallel, ignores single-request, never falls back to search domains for names with ndots or more dots, and has no TCP fallback before musl 1.2.4 (musl wiki, "Functional differences from glibc").',
	'Threads: the default thread stack is 128 KiB on musl against 8 MiB on glibc: deep recursion in threads can crash (set the stack size explicitly).',
	'Locale: musl has no LC_COLLATE, so sorting by locale gives codepoint order.',
	'Allocator: musl\'s mallocng trades speed for memory and hardening and is slow under contention; allocation-heavy multithreaded code may be slower.',
	'Python: manylinux wheels do not fit musl; without a musllinux wheel (PEP 656) pip compiles from source.',
	'Userland: Alpine images usually lack bash and git; the tools are busybox.',
];

export function parseResolvConf(text: string): {ndots: number; search: string[]; nameservers: string[]} {
	let ndots = 1;
	const search: string[] = [];
	const nameservers: string[] = [];
	for (const line of text.split('\n')) {
		const [key, ...rest] = line.trim().split(/\s+/);
		if (key === 'search' || key === 'domain') search.push(...rest);
		if (key === 'nameserver' && rest[0]) nameservers.push(rest[0]);
		if (key === 'options') for (const option of rest) if (option.startsWith('ndots:')) ndots = Number(option.slice(6));
	}

	return {ndots, search, nameservers};
}

/** Which of bash / git a script or command line uses. */
export function toolsUsed(text: string): Array<'bash' | 'git'> {
	const used: Array<'bash' | 'git'> = [];
	if (/(^|[\s"'[/])bash(\s|"|'|$|,)/m.test(text)) used.push('bash');
	if (/(^|[\s"'[/])git\s+\w/m.test(text)) used.push('git');
	return used;
}

export const diagnosePitfalls: Diagnose = async (context, _input, shared) => {
	const {project, store, docker} = context;
	const snapshot = store.getSnapshot();
	const containers = (['alpine', 'alpineTest'] as const).flatMap(variant => projectContainers(snapshot, project.projectNames[variant]).map(container => ({variant, container})));
	const findings: Finding[] = [];
	if (containers.length === 0) {
		return {id: 'musl-pitfalls', title, symptom, status: 'not-applicable', findings: [], note: 'No Alpine container exists to read.', data: {knowledge}};
	}

	for (const {variant, container} of containers) {
		const musl = (await pathExists(docker, container.id, '/lib/ld-musl-x86_64.so.1')) || (await pathExists(docker, container.id, '/lib/ld-musl-aarch64.so.1'));
		if (!musl) {
			findings.push({severity: 'warning', subject: container.name, evidence: ['no /lib/ld-musl-*.so.1 in the container'], cause: 'this "Alpine" container is not musl-based', fix: ['check its FROM line']});
			continue;
		}

		const resolv = await readContainerFile(docker, container.id, '/etc/resolv.conf', {maxBytes: 64 * 1024});
		if (resolv) {
			const dns = parseResolvConf(resolv.data.toString('utf8'));
			if (dns.ndots > 1 && dns.search.length > 0) {
				findings.push({
					severity: 'warning',
					subject: container.name,
					evidence: [`/etc/resolv.conf: options ndots:${dns.ndots}, search ${dns.search.join(' ')}`],
					cause: `a name with ${dns.ndots} or more dots is only ever tried as-is on musl, never with the search domains`,
					fix: ['use fully qualified names (with a trailing dot) or lower ndots (compose: dns_opt: ["ndots:1"])'],
				});
			}
		}

		const inspect = await docker.getContainer(container.id).inspect();
		const env: string[] = inspect.Config?.Env ?? [];
		const locale = env.find(entry => /^(LANG|LC_ALL|LC_COLLATE)=/.test(entry) && !/=(C|POSIX|C\.UTF-8)$/i.test(entry));
		if (locale) {
			findings.push({severity: 'info', subject: container.name, evidence: [`environment: ${locale}`], cause: 'musl has no LC_COLLATE: locale-aware sorting gives codepoint order', fix: ['do not rely on locale collation; sort explicitly where order matters']});
		}

		// bash and git: used by the service's command, healthcheck or Dockerfile, and absent from the image?
		const texts = [JSON.stringify(inspect.Config?.Entrypoint ?? ''), JSON.stringify(inspect.Config?.Cmd ?? ''), JSON.stringify(inspect.Config?.Healthcheck?.Test ?? '')];
		const built = await shared.dockerfile(variant, container.service ?? '');
		if (built && existsSync(built.file)) texts.push(readFileSync(built.file, 'utf8').split('\n').filter(line => /^\s*(RUN|CMD|ENTRYPOINT|SHELL|HEALTHCHECK)/i.test(line)).join('\n'));

		for (const tool of new Set(texts.flatMap(toolsUsed))) {
			const present = (await pathExists(docker, container.id, `/bin/${tool}`)) || (await pathExists(docker, container.id, `/usr/bin/${tool}`));
			if (!present) {
				findings.push({
					severity: 'problem',
					subject: container.name,
					evidence: [`${tool} is used by the service's command, healthcheck or Dockerfile`, `no /bin/${tool} or /usr/bin/${tool} in the container`],
					cause: `Alpine images do not ship ${tool}`,
					fix: tool === 'bash' ? ['use sh (busybox ash) in the script, or apk add --no-cache bash'] : ['apk add --no-cache git, or do the git work in a build stage'],
				});
			}
		}
	}

	return {id: 'musl-pitfalls', title, symptom, status: statusOf(findings), findings, note: `Read ${containers.length} container(s): the musl loader, resolv.conf (ndots, search), locale variables, bash and git where used. Thread stack size, the allocator and DNS over TCP cannot be seen from outside a process: see the knowledge list.`, data: {knowledge}};
};
