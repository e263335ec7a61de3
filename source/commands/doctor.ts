import {runFlowCommand} from './flow-command.js';
import {applicableFixes} from '../flows/doctor/apply.js';
import {applyFlow, diagnoses, diagnosisIds, doctorFlow} from '../flows/doctor/doctor.js';
import {diagnosisLines} from '../headless/diagnosis.js';
import {type DiagnosisId, doctorFailOn} from '../flows/doctor/types.js';
import {knowledge} from '../flows/doctor/pitfalls.js';
import {type Command, ExitCode} from './types.js';

export const doctor: Command = {
	name: 'doctor',
	screen: 'doctor',
	// Read-only, unless it is asked to apply a fix or to run the tests (they write into the volumes).
	mutates: flags => flags.apply !== undefined || Boolean(flags.runSmoke) || flags.testCommand !== undefined,
	flags: {
		only: {type: 'string', isMultiple: true, value: 'ID', choices: diagnosisIds, description: 'run only this diagnosis'},
		runSmoke: {
			type: 'boolean',
			default: false,
			description: "run the smoke tests against both stacks to compare them (they write into the stacks' volumes; outputs kept under the state dir, doctor/<project>/); doctor is read-only otherwise",
		},
		testCommand: {type: 'string', value: 'COMMAND', description: 'a test command to run in both variants (split on spaces, no shell) to find Alpine-only failures'},
		apply: {type: 'string', value: 'FIX', choices: applicableFixes, description: 'apply a fix alpinist can make safely (it builds, removes nothing); with --dry-run shows it'},
		failOn: {type: 'string', value: 'LEVEL', default: 'error', choices: doctorFailOn, description: 'exit 1 on a problem (error), or on a warning as well'},
	},
	examples: [
		{command: 'alpinist doctor --only musl-glibc', what: 'is a glibc program failing in a musl image? (evidence: logs, ELF interpreter, Dockerfile lines)'},
		{command: 'alpinist doctor --json --fail-on warning', what: 'in CI: one JSON document, exit 1 on any problem or warning'},
	],
	async run(command) {
		const {flags} = command;
		const known = diagnoses.map(diagnosis => diagnosis.id);
		const only = (flags.only as string[] | undefined)?.length ? (flags.only as string[]) : undefined;
		const unknown = (only ?? []).filter(id => !known.includes(id as DiagnosisId));
		if (unknown.length > 0) {
			command.stderr.write(`alpinist doctor: unknown diagnosis ${unknown.join(', ')} (known: ${known.join(', ')})\n`);
			return ExitCode.usage;
		}

		if (flags.apply !== undefined && !(applicableFixes as readonly string[]).includes(String(flags.apply))) {
			command.stderr.write(`alpinist doctor: no fix "${String(flags.apply)}" can be applied automatically (known: ${applicableFixes.join(', ')})\n`);
			return ExitCode.usage;
		}

		const failOn = doctorFailOn.find(level => level === (flags.failOn ?? 'error'));
		if (!failOn) {
			command.stderr.write(`alpinist doctor: --fail-on takes "error" or "warning", not "${String(flags.failOn)}"\n`);
			return ExitCode.usage;
		}

		if (flags.apply) return runFlowCommand(command, applyFlow, {id: String(flags.apply)});
		// Split on spaces, never through a shell.
		const testCommand = flags.testCommand ? String(flags.testCommand).trim().split(/\s+/) : undefined;
		return runFlowCommand(command, doctorFlow, {only: only as DiagnosisId[] | undefined, testCommand, runSmoke: Boolean(flags.runSmoke), failOn}, {
			printPlain: outcome => ['', ...(outcome.data ?? []).flatMap(diagnosis => [...diagnosisLines(diagnosis), '']), 'Know this (not detectable from outside a process):', ...knowledge.map(line => `  - ${line}`), ''],
			document: outcome => ({ok: outcome.ok, exitCode: outcome.exitCode, diagnoses: outcome.data, knowledge}),
		});
	},
};
