import {commandContext} from './flow-command.js';
import {applicableFixes} from '../flows/doctor/apply.js';
import {applyFlow, diagnoses, doctorFlow} from '../flows/doctor/doctor.js';
import {diagnosisLines} from '../headless/diagnosis.js';
import type {DiagnosisId} from '../flows/doctor/types.js';
import {knowledge} from '../flows/doctor/pitfalls.js';
import {runHeadless} from '../headless/headless.js';
import {requireEngine} from './engine.js';
import {type Command, ExitCode} from './types.js';

export const doctor: Command = {
	name: 'doctor',
	usage: [
		'alpinist doctor [--only ID …] [--run-smoke] [--test-command "node test.mjs"] [--apply build-alpine [--dry-run]] [--json]',
		'',
		'  Read-only unless asked: --run-smoke (or --test-command) runs the tests against both stacks to compare them',
		'  (they write into the stacks\' volumes; the two outputs are kept under the state dir, doctor/<project>/);',
		'  --apply runs a fix.',
	].join('\n'),
	screen: 'doctor',
	// Read-only, unless it is asked to apply a fix or to run the tests (they write into the volumes).
	mutates: flags => flags.apply !== undefined || Boolean(flags.runSmoke) || flags.testCommand !== undefined,
	flags: {
		only: {type: 'string', isMultiple: true},
		testCommand: {type: 'string'},
		apply: {type: 'string'},
		runSmoke: {type: 'boolean', default: false},
	},
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

		const context = commandContext(command);
		try {
			const unreachable = await requireEngine(context.store, command);
			if (unreachable !== undefined) return unreachable;
			if (flags.apply) {
				const {exitCode} = await runHeadless(applyFlow, context, {id: String(flags.apply)}, command);
				return exitCode;
			}

			// Split on spaces, never through a shell.
			const testCommand = flags.testCommand ? String(flags.testCommand).trim().split(/\s+/) : undefined;
			const {exitCode} = await runHeadless(doctorFlow, context, {only: only as DiagnosisId[] | undefined, testCommand, runSmoke: Boolean(flags.runSmoke)}, command, {
				printPlain: outcome => ['', ...(outcome.data ?? []).flatMap(diagnosis => [...diagnosisLines(diagnosis), '']), 'Know this (not detectable from outside a process):', ...knowledge.map(line => `  - ${line}`), ''],
				document: outcome => ({ok: outcome.ok, exitCode: outcome.exitCode, diagnoses: outcome.data, knowledge}),
			});
			return exitCode;
		} finally {
			context.store.stop();
		}
	},
};
