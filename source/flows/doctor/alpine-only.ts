import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {containerLogs, healthEndpoints, projectContainers, runSmoke} from '../stack.js';
import type {Diagnose, Finding} from './types.js';
import {statusOf} from './types.js';
import {alignTests, errorLines} from './test-diff.js';

const title = 'Tests fail only on Alpine';
const symptom = 'Tests pass with regular containers but fail with Alpine (the guide\'s Issue 4)';

export const diagnoseAlpineOnly: Diagnose = async (context, input) => {
	const {project, store} = context;
	const snapshot = store.getSnapshot();
	const regular = projectContainers(snapshot, project.projectNames.regular).filter(c => c.state === 'running');
	const alpineVariant = projectContainers(snapshot, project.projectNames.alpine).some(c => c.state === 'running') ? 'alpine' : 'alpineTest';
	const alpine = projectContainers(snapshot, project.projectNames[alpineVariant]).filter(c => c.state === 'running');
	const command = input.testCommand ?? project.config.smoke?.command;
	if (!command) return {id: 'alpine-only-failures', title, symptom, status: 'not-applicable', findings: [], note: 'No test command: set smoke.command in alpinist.config.json or pass --test-command.'};
	if (regular.length === 0 || alpine.length === 0) {
		const missing = [regular.length === 0 ? 'regular (alpinist up --no-alpine)' : '', alpine.length === 0 ? 'Alpine (alpinist up --alpine)' : ''].filter(Boolean).join(' and ');
		return {id: 'alpine-only-failures', title, symptom, status: 'not-applicable', findings: [], note: `Comparing needs both stacks up at once (they use different ports): start the ${missing} stack.`};
	}

	const [regularRun, alpineRun] = [
		await runSmoke(context, await healthEndpoints(context, regular), {command}),
		await runSmoke(context, await healthEndpoints(context, alpine), {command}),
	];
	// Both outputs are kept, as the guide's regular.log and alpine.log.
	const dir = path.join(project.root, '.alpinist', 'doctor');
	mkdirSync(dir, {recursive: true});
	writeFileSync(path.join(dir, 'regular.log'), `${regularRun!.output.join('\n')}\n`);
	writeFileSync(path.join(dir, 'alpine.log'), `${alpineRun!.output.join('\n')}\n`);
	const aligned = alignTests(regularRun!.output, alpineRun!.output);
	const onlyAlpine = aligned.filter(test => test.regular === 'pass' && test.alpine !== 'pass');
	const findings: Finding[] = [];
	const logErrors = (await Promise.all(alpine.map(async container => errorLines(await containerLogs(context, container.id, 200)).map(line => `${container.name}: ${line}`)))).flat();
	if (onlyAlpine.length > 0 || (regularRun!.exitCode === 0 && alpineRun!.exitCode !== 0)) {
		findings.push({
			severity: 'problem',
			subject: command.join(' '),
			evidence: [
				`regular: exit ${regularRun!.exitCode}, ${regularRun!.passed} passed, ${regularRun!.failed} failed; Alpine: exit ${alpineRun!.exitCode}, ${alpineRun!.passed} passed, ${alpineRun!.failed} failed`,
				...onlyAlpine.map(test => `fails only on Alpine: ${test.name}`),
				...logErrors.slice(-10).map(line => `log: ${line}`),
			],
			cause: 'a difference between the images (musl, busybox tools, missing packages): see the musl and pitfall diagnoses for the likely one',
			fix: [`compare ${path.relative(project.root, path.join(dir, 'regular.log'))} with alpine.log; shell into the container with sh (not bash): docker exec -it ${alpine[0].name} sh`],
		});
	} else if (logErrors.length > 0) {
		findings.push({severity: 'info', subject: 'Alpine container logs', evidence: logErrors.slice(-10), cause: 'error lines in the logs while the tests agree', fix: ['read them; not necessarily a failure']});
	}

	return {
		id: 'alpine-only-failures',
		title,
		symptom,
		status: statusOf(findings),
		findings,
		note: findings.length === 0 ? `Both stacks give the same results (${aligned.length} tests).` : undefined,
		data: {aligned, regular: {exitCode: regularRun!.exitCode, output: regularRun!.output}, alpine: {exitCode: alpineRun!.exitCode, output: alpineRun!.output}},
	};
};
