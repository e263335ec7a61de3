import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {projectSlug} from '../../project/lock.js';
import {demuxLogs, healthEndpoints, projectContainers, runSmoke} from '../stack.js';
import type {FlowContext} from '../types.js';
import type {Diagnose, Finding} from './types.js';
import {statusOf} from './types.js';
import {alignedLines, alignTests, errorLines} from './test-diff.js';

const title = 'Tests fail only on Alpine';
const symptom = 'Tests pass with regular containers but fail with Alpine (the guide\'s Issue 4)';

async function logsSince(context: FlowContext, id: string, since: number): Promise<string[]> {
	try {
		return demuxLogs((await context.docker.getContainer(id).logs({stdout: true, stderr: true, since, tail: 1000, follow: false})) as unknown as Buffer);
	} catch {
		return [];
	}
}

export const diagnoseAlpineOnly: Diagnose = async (context, input) => {
	const {project, store} = context;
	const snapshot = store.getSnapshot();
	const regular = projectContainers(snapshot, project.projectNames.regular).filter(c => c.state === 'running');
	const alpineVariant = projectContainers(snapshot, project.projectNames.alpine).some(c => c.state === 'running') ? 'alpine' : 'alpineTest';
	const alpine = projectContainers(snapshot, project.projectNames[alpineVariant]).filter(c => c.state === 'running');
	const command = input.testCommand ?? project.config.smoke?.command;
	if (!command) return {id: 'alpine-only-failures', title, symptom, status: 'not-applicable', findings: [], note: 'No test command: set smoke.command in alpinist.config.json or pass --test-command.'};
	if (!input.runSmoke && !input.testCommand) {
		return {id: 'alpine-only-failures', title, symptom, status: 'not-applicable', findings: [], note: 'Not run: the comparison runs the tests against both stacks, which writes into their volumes; pass --run-smoke to run it.'};
	}

	if (regular.length === 0 || alpine.length === 0) {
		const missing = [regular.length === 0 ? 'regular (alpinist up --no-alpine)' : '', alpine.length === 0 ? 'Alpine (alpinist up --alpine)' : ''].filter(Boolean).join(' and ');
		return {id: 'alpine-only-failures', title, symptom, status: 'not-applicable', findings: [], note: `Comparing needs both stacks up at once (they use different ports): start the ${missing} stack.`};
	}

	const regularRun = await runSmoke(context, await healthEndpoints(context, regular), {command});
	// The Alpine containers' error lines while the tests ran against them (to the second: the engine's `since`).
	const alpineStarted = Math.floor(Date.now() / 1000);
	const alpineRun = await runSmoke(context, await healthEndpoints(context, alpine), {command});
	// Both outputs are kept, as the guide's regular.log and alpine.log.
	// In the state dir, not the project: doctor changes nothing in the project.
	const dir = path.join(context.progress.dir, 'doctor', projectSlug(project.root));
	mkdirSync(dir, {recursive: true});
	writeFileSync(path.join(dir, 'regular.log'), `${regularRun!.output.join('\n')}\n`);
	writeFileSync(path.join(dir, 'alpine.log'), `${alpineRun!.output.join('\n')}\n`);
	const aligned = alignTests(regularRun!.output, alpineRun!.output);
	const onlyAlpine = aligned.filter(test => test.regular === 'pass' && test.alpine !== 'pass');
	const findings: Finding[] = [];
	const logErrors = (await Promise.all(alpine.map(async container => errorLines(await logsSince(context, container.id, alpineStarted)).map(line => `${container.name}: ${line}`)))).flat();
	if (onlyAlpine.length > 0 || (regularRun!.exitCode === 0 && alpineRun!.exitCode !== 0)) {
		findings.push({
			severity: 'problem',
			subject: command.join(' '),
			evidence: [
				`regular: exit ${regularRun!.exitCode}, ${regularRun!.passed} passed, ${regularRun!.failed} failed; Alpine: exit ${alpineRun!.exitCode}, ${alpineRun!.passed} passed, ${alpineRun!.failed} failed`,
				...onlyAlpine.map(test => `fails only on Alpine: ${test.name}${test.alpineDetail ? ` — ${test.alpineDetail}` : ''}`),
				...alignedLines(aligned),
				...(logErrors.length > 0 ? logErrors.slice(-10).map(line => `log: ${line}`) : ['no error line in the Alpine containers\' logs while the tests ran']),
			],
			cause: 'a difference between the images (musl, busybox tools, missing packages): see the musl and pitfall diagnoses for the likely one',
			fix: [`compare ${path.join(dir, 'regular.log')} with alpine.log; shell into the container with sh (not bash): docker exec -it ${alpine[0].name} sh`],
		});
	} else if (regularRun!.exitCode !== 0) {
		findings.push({
			severity: 'info',
			subject: command.join(' '),
			evidence: [`regular: exit ${regularRun!.exitCode}, ${regularRun!.failed} failed; Alpine: exit ${alpineRun!.exitCode}, ${alpineRun!.failed} failed`, ...alignedLines(aligned)],
			cause: 'the tests fail with the regular images as well: not an Alpine-only failure',
			fix: ['fix the failing tests on the regular stack first'],
		});
	} else if (logErrors.length > 0) {
		findings.push({severity: 'info', subject: 'Alpine container logs', evidence: logErrors.slice(-10).map(line => `log: ${line}`), cause: 'error lines in the logs while the tests ran, though both variants agree', fix: ['read them; not necessarily a failure']});
	}

	return {
		id: 'alpine-only-failures',
		title,
		symptom,
		status: statusOf(findings),
		findings,
		note: findings.some(finding => finding.severity === 'problem') ? undefined : `Both stacks give the same results (${aligned.length} tests).`,
		data: {aligned, regular: {exitCode: regularRun!.exitCode, output: regularRun!.output}, alpine: {exitCode: alpineRun!.exitCode, output: alpineRun!.output}},
	};
};
