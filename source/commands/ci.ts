import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {createInterface} from 'node:readline/promises';
import {workflowFor} from '../flows/report/workflow.js';
import {discoverProject} from '../project/discover.js';
import {ProgressStore} from '../project/progress.js';
import {usageLines} from './help.js';
import {type Command, ExitCode} from './types.js';

export const ci: Command = {
	name: 'ci',
	arguments: 'init',
	flags: {
		suite: {type: 'string', value: 'NAME', isMultiple: true, defaultText: 'smoke', description: 'a test suite of the matrix (smoke runs alpinist verify, others npm run test:NAME)'},
		path: {type: 'string', value: 'FILE', default: '.github/workflows/alpinist.yml', description: 'where the workflow is written, in the project'},
		node: {type: 'string', value: 'VERSION', default: '20', description: 'the Node.js version the workflow sets up'},
		force: {type: 'boolean', default: false, description: 'overwrite a workflow file that exists'},
		failOn: {type: 'string', value: 'LEVEL', default: 'critical', choices: ['warning', 'critical'], description: "the workflow's report step fails at this level"},
	},
	examples: [
		{command: 'alpinist ci init --dry-run', what: 'show the workflow it would write, write nothing'},
		{command: 'alpinist ci init --suite smoke --suite integration --yes', what: 'write a workflow with two suites in its matrix'},
	],
	async run(command) {
		const {flags, args} = command;
		if (args[0] !== 'init') {
			command.stderr.write(`alpinist ci: expected "init"\nUsage: ${usageLines(ci).join('\n')}\n`);
			return ExitCode.usage;
		}

		const failOn = flags.failOn === 'warning' ? 'warning' : 'critical';
		const project = discoverProject({dir: flags.project});
		const suites = (flags.suite as string[] | undefined)?.length ? (flags.suite as string[]) : ['smoke'];
		const text = workflowFor(project, {suites, nodeVersion: String(flags.node), failOn});
		const file = path.resolve(project.root, String(flags.path));
		if (command.mode === 'json' && (flags.dryRun || !flags.yes)) {
			command.stdout.write(`${JSON.stringify({file, written: false, workflow: text}, null, 2)}\n`);
			if (!flags.dryRun) command.stderr.write('Not written: add --yes to write it.\n');
			return flags.dryRun ? ExitCode.ok : ExitCode.usage;
		}

		if (command.mode !== 'json') command.stdout.write(`${text}\n`);
		if (existsSync(file) && !flags.force) {
			command.stderr.write(`${file} exists: not overwritten (add --force to replace it).\n`);
			return ExitCode.failed;
		}

		if (flags.dryRun) {
			command.stdout.write(`(dry run) would write ${file}\n`);
			return ExitCode.ok;
		}

		let yes = Boolean(flags.yes);
		if (!yes && command.mode === 'interactive') {
			const prompt = createInterface({input: process.stdin, output: process.stdout});
			yes = /^y(es)?$/i.test((await prompt.question(`Write ${file}? [y/N] `)).trim());
			prompt.close();
		} else if (!yes) {
			command.stderr.write(`Not written: headless runs never prompt; add --yes to write ${file}.\n`);
			return ExitCode.usage;
		}

		if (!yes) {
			command.stdout.write('Not written.\n');
			return ExitCode.ok;
		}

		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, text);
		new ProgressStore({projectPath: project.root, cwd: flags.stateDir as string | undefined}).recordStep('ci.init', {status: 'pass', summary: file});
		const written = {file, written: true, suites};
		command.stdout.write(command.mode === 'json' ? `${JSON.stringify(written, null, 2)}\n` : `Wrote ${file}\n`);
		return ExitCode.ok;
	},
};
