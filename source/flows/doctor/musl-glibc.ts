import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {pathExists, readContainerFile} from '../../docker/archive.js';
import {parseElf} from '../../docker/elf.js';
import type {ContainerInfo} from '../../docker/types.js';
import {composeForVariant, containerLogs, projectContainers} from '../stack.js';
import type {FlowContext} from '../types.js';
import {matchSignatures, muslFixes, programOf} from './signatures.js';
import type {Diagnose, Finding} from './types.js';
import {statusOf} from './types.js';

const title = 'Package compatibility: glibc program on musl';
const symptom = '"Error loading shared library libc.so.6" or "<file>: not found" for a file that exists (the guide\'s Issue 2)';

function failing(container: ContainerInfo): boolean {
	if (container.state === 'restarting' || container.health === 'unhealthy') return true;
	return (container.state === 'exited' || container.state === 'dead') && (container.exitCode ?? 0) !== 0;
}

async function resolveProgram(context: FlowContext, container: ContainerInfo, program: string, env: string[]): Promise<string | undefined> {
	if (program.startsWith('/')) return program;
	const pathVariable = env.find(entry => entry.startsWith('PATH='))?.slice(5) ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
	for (const dir of pathVariable.split(':')) {
		const candidate = path.posix.join(dir, program);
		if (await pathExists(context.docker, container.id, candidate)) return candidate;
	}

	return undefined;
}

/** The Dockerfile lines that mention the program: where the change goes. */
function dockerfileLines(file: string | undefined, program: string): string[] {
	if (!file || !existsSync(file)) return [];
	const base = path.posix.basename(program);
	return readFileSync(file, 'utf8')
		.split('\n')
		.map((line, index) => ({line, number: index + 1}))
		.filter(({line}) => /^\s*(COPY|ADD|RUN|ENTRYPOINT|CMD)\b/i.test(line) && line.includes(base))
		.map(({line, number}) => `${number}: ${line.trim()}`);
}

async function serviceDockerfile(context: FlowContext, variant: 'alpine' | 'alpineTest', service: string): Promise<string | undefined> {
	try {
		const compose = await composeForVariant(context, variant);
		const build = (await compose.config()).services?.[service]?.build;
		if (!build) return undefined;
		const contextDir = path.resolve(path.dirname(context.project.compose[variant]!), typeof build === 'string' ? build : build.context ?? '.');
		return path.resolve(contextDir, typeof build === 'string' ? 'Dockerfile' : build.dockerfile ?? 'Dockerfile');
	} catch {
		return undefined;
	}
}

export const diagnoseMuslGlibc: Diagnose = async context => {
	const {project, store, docker} = context;
	const snapshot = store.getSnapshot();
	const candidates = (['alpine', 'alpineTest'] as const).flatMap(variant => projectContainers(snapshot, project.projectNames[variant]).map(container => ({variant, container})));
	if (candidates.length === 0) {
		return {id: 'musl-glibc', title, symptom, status: 'not-applicable', findings: [], note: 'No container of the Alpine stacks exists: start one (alpinist up --alpine) so there is something to read.'};
	}

	const findings: Finding[] = [];
	for (const {variant, container} of candidates.filter(candidate => failing(candidate.container))) {
		const inspect = await docker.getContainer(container.id).inspect();
		const logs = await containerLogs(context, container.id, 50);
		const healthOutput = (inspect.State?.Health?.Log ?? []).map((entry: any) => String(entry.Output ?? '').trim()).filter(Boolean);
		const matches = matchSignatures([...logs, ...healthOutput.flatMap((output: string) => output.split('\n'))]);
		const program = programOf(inspect.Config?.Entrypoint, inspect.Config?.Cmd);
		const evidence: string[] = [`${container.name}: ${container.status}${inspect.State?.ExitCode ? `, exit code ${inspect.State.ExitCode}` : ''}`];
		evidence.push(...[...new Set(matches.map(match => `log: ${match.line}`))].slice(0, 5));

		let elfSays: string | undefined;
		const candidatesToRead = [...new Set([...matches.map(match => match.path).filter(Boolean) as string[], ...(program ? [program] : [])])];
		for (const candidate of candidatesToRead) {
			const resolved = await resolveProgram(context, container, candidate, inspect.Config?.Env ?? []);
			if (!resolved) continue;
			const file = await readContainerFile(docker, container.id, resolved, {maxBytes: 4 * 1024 * 1024});
			const elf = file ? parseElf(file.data) : undefined;
			if (!elf) continue;
			const interpreterPresent = elf.interpreter ? await pathExists(docker, container.id, elf.interpreter) : true;
			evidence.push(
				`ELF ${resolved}${file!.via.length > 0 ? ` (via ${file!.via.join(' → ')})` : ''}: interpreter ${elf.interpreter ?? 'none (static)'}${elf.interpreter ? (interpreterPresent ? ' (present)' : ' (MISSING in the container)') : ''}; needs ${elf.needed.join(', ') || 'nothing'}${elf.glibcVersions.length > 0 ? `; symbol versions up to ${elf.glibcVersions.at(-1)}` : ''}`,
			);
			if (elf.libc === 'glibc') {
				elfSays = resolved;
				break;
			}
		}

		if (!elfSays && matches.length === 0) {
			findings.push({
				severity: 'info',
				subject: container.service ?? container.name,
				evidence: [...evidence, ...logs.slice(-3).map(line => `log: ${line}`)],
				cause: 'the container fails, but neither its logs nor its program show a glibc/musl signature: not this issue',
				fix: ['see its logs (alpinist top → enter) and the other diagnoses'],
			});
			continue;
		}

		const dockerfile = await serviceDockerfile(context, variant, container.service ?? '');
		const lines = dockerfileLines(dockerfile, elfSays ?? program ?? '');
		const relative = dockerfile ? path.relative(project.root, dockerfile) : undefined;
		findings.push({
			severity: 'problem',
			subject: container.service ?? container.name,
			evidence: [...evidence, ...(relative && lines.length > 0 ? lines.map(line => `${relative}:${line}`) : [])],
			cause: elfSays
				? `${elfSays} is a glibc program (it asks for glibc's loader and libc.so.6); the image is musl-based, so the kernel cannot start it and the shell says "not found"`
				: matches[0].signature.meaning,
			fix: muslFixes,
			patch: relative
				? [`--- ${relative}`, `+++ ${relative}`, '@@ after the FROM of the final stage @@', '+RUN apk add --no-cache gcompat', ...(lines[0] ? [`  ${lines[0].replace(/^\d+: /, '')}`] : [])].join('\n')
				: undefined,
		});
	}

	if (findings.length === 0) {
		return {id: 'musl-glibc', title, symptom, status: 'ok', findings, note: `None of the ${candidates.length} Alpine containers is failing.`};
	}

	return {id: 'musl-glibc', title, symptom, status: statusOf(findings), findings};
};
