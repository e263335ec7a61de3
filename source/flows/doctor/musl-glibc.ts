import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {pathExists, readContainerFile} from '../../docker/archive.js';
import {type ElfInfo, parseElf} from '../../docker/elf.js';
import type {ContainerInfo} from '../../docker/types.js';
import {containerLogs, projectContainers} from '../stack.js';
import type {FlowContext} from '../types.js';
import {programOrigin} from './dockerfile-origin.js';
import {matchSignatures, muslFixes, programOf, quoteMatches} from './signatures.js';
import type {Diagnose, Finding} from './types.js';
import {statusOf} from './types.js';

const title = 'Package compatibility: glibc program on musl';
const symptom = '"Error loading shared library libc.so.6" or "<file>: not found" for a file that exists (the guide\'s Issue 2)';

/** From the engine's own record (inspect), not the container list, which carries no exit code. */
function failure(inspect: any): string | undefined {
	const state = inspect.State ?? {};
	if (state.Restarting) return `restarting (last exit code ${state.ExitCode})`;
	if ((state.Status === 'exited' || state.Status === 'dead') && state.ExitCode !== 0) {
		const meaning = state.ExitCode === 127 ? ' (127: the shell could not run a program, "not found")' : state.ExitCode === 126 ? ' (126: a program could not be executed)' : '';
		return `exited with code ${state.ExitCode}${meaning}`;
	}

	if (state.Running && state.Health?.Status === 'unhealthy') return 'running but unhealthy';

	return undefined;
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

function elfLine(resolved: string, via: string[], elf: ElfInfo, interpreterPresent: boolean): string {
	const interpreter = elf.interpreter ? `interpreter ${elf.interpreter}${interpreterPresent ? ' (present)' : ' (MISSING in the container)'}` : 'no interpreter (static)';
	const versions = elf.glibcVersions.length > 0 ? `; glibc symbol versions up to ${elf.glibcVersions.at(-1)}` : '';
	return `ELF ${resolved}${via.length > 0 ? ` (via ${via.join(' → ')})` : ''}: ${interpreter}; needs ${elf.needed.join(', ') || 'no library'}${versions}`;
}

export const diagnoseMuslGlibc: Diagnose = async (context, _input, shared) => {
	const {project, store, docker} = context;
	const snapshot = store.getSnapshot();
	const candidates = (['alpine', 'alpineTest'] as const).flatMap(variant => projectContainers(snapshot, project.projectNames[variant]).map(container => ({variant, container})));
	if (candidates.length === 0) {
		return {id: 'musl-glibc', title, symptom, status: 'not-applicable', findings: [], note: 'No container of the Alpine stacks exists: start one (alpinist up --alpine) so there is something to read.'};
	}

	const findings: Finding[] = [];
	for (const {variant, container} of candidates) {
		const inspect = await docker
			.getContainer(container.id)
			.inspect()
			.catch(() => undefined);
		const failed = inspect ? failure(inspect) : undefined;
		if (!inspect || !failed) continue;
		const logs = await containerLogs(context, container.id, 50);
		const healthOutput = (inspect.State?.Health?.Log ?? []).map((entry: any) => String(entry.Output ?? '').trim()).filter(Boolean);
		const matches = matchSignatures([...logs, ...healthOutput.flatMap((output: string) => output.split('\n'))]);
		const program = programOf(inspect.Config?.Entrypoint, inspect.Config?.Cmd);
		const evidence: string[] = [`${container.name}: ${failed}`, ...quoteMatches(matches)];

		// Read the programs the logs name (then the container's own program) through the archive API.
		let glibcProgram: string | undefined;
		const toRead = [...new Set([...(matches.map(match => match.path).filter(Boolean) as string[]), ...(program ? [program] : [])])];
		for (const candidate of toRead) {
			const resolved = await resolveProgram(context, container, candidate, inspect.Config?.Env ?? []);
			if (!resolved) continue;
			const file = await readContainerFile(docker, container.id, resolved, {maxBytes: 4 * 1024 * 1024});
			const elf = file ? parseElf(file.data) : undefined;
			if (!elf) continue;
			const interpreterPresent = elf.interpreter ? await pathExists(docker, container.id, elf.interpreter) : true;
			evidence.push(elfLine(resolved, file!.via, elf, interpreterPresent));
			if (elf.libc === 'glibc') {
				glibcProgram = resolved;
				break;
			}
		}

		if (!glibcProgram && matches.length === 0) {
			findings.push({
				severity: 'info',
				subject: container.service ?? container.name,
				evidence: [...evidence, ...logs.slice(-3).map(line => `log: ${line}`)],
				cause: 'the container fails, but neither its logs nor its program show a glibc/musl signature: not this issue',
				fix: ['see its logs (alpinist top → enter) and the other diagnoses'],
			});
			continue;
		}

		// The Dockerfile line that puts the program in the image: where the change goes.
		const built = await shared.dockerfile(variant, container.service ?? '');
		const relative = built ? path.relative(project.root, built.file) : undefined;
		const origin = built && relative && existsSync(built.file) ? programOrigin(readFileSync(built.file, 'utf8'), relative, glibcProgram ?? program ?? '', built.args) : undefined;
		findings.push({
			severity: 'problem',
			subject: container.service ?? container.name,
			evidence: [...evidence, ...(origin?.lines ?? [])],
			cause: glibcProgram
				? `${glibcProgram} is a glibc program (it asks for glibc's loader and libraries); the image is musl-based, so it cannot start and the shell says "not found"`
				: matches[0].signature.meaning,
			fix: [...(origin?.change ? [origin.change] : []), ...muslFixes],
			patch: origin?.patch,
		});
	}

	if (findings.length === 0) {
		return {id: 'musl-glibc', title, symptom, status: 'ok', findings, note: `None of the ${candidates.length} Alpine container(s) is failing (exited with an error, restarting or unhealthy).`};
	}

	return {id: 'musl-glibc', title, symptom, status: statusOf(findings), findings};
};
