import {ExitCode} from '../exit-code.js';
import {runStep} from '../recorded-step.js';
import type {Flow} from '../types.js';
import {applyFix} from './apply.js';
import {diagnoseAlpineOnly} from './alpine-only.js';
import {diagnoseMissingImages} from './missing-images.js';
import {diagnoseMuslGlibc} from './musl-glibc.js';
import {diagnosePerformance} from './performance.js';
import {diagnosePitfalls} from './pitfalls.js';
import {createShared} from './shared.js';
import {type Diagnose, type Diagnosis, type DiagnosisId, type DoctorInput, doctorFails} from './types.js';

export const diagnoses: Array<{id: DiagnosisId; title: string; run: Diagnose}> = [
	{id: 'missing-images', title: 'Alpine image not found', run: diagnoseMissingImages},
	{id: 'musl-glibc', title: 'glibc program on musl', run: diagnoseMuslGlibc},
	{id: 'performance', title: 'Performance not improved', run: diagnosePerformance},
	{id: 'alpine-only-failures', title: 'Tests fail only on Alpine', run: diagnoseAlpineOnly},
	{id: 'musl-pitfalls', title: 'Known musl pitfalls', run: diagnosePitfalls},
];

export const diagnosisIds: readonly DiagnosisId[] = diagnoses.map(diagnosis => diagnosis.id);

const stepStatus = {problem: 'fail', warning: 'warn', ok: 'pass', 'not-applicable': 'skip'} as const;

/** The doctor's data events: each diagnosis as it finishes. */
export type DoctorEvents = {diagnosis: Diagnosis};

/** The guide's troubleshooting section, run against the engine: one step per diagnosis. */
export const doctorFlow: Flow<DoctorInput, Diagnosis[], DoctorEvents> = async function* (context, input) {
	await context.store.start();
	const selected = diagnoses.filter(diagnosis => !input.only || input.only.includes(diagnosis.id));
	const results: Diagnosis[] = [];
	const shared = createShared(context);
	for (const {id, title, run} of selected) {
		const end = yield* runStep<Diagnosis>(
			id,
			title,
			async () => {
				let diagnosis: Diagnosis;
				try {
					diagnosis = await run(context, input, shared);
				} catch (error) {
					diagnosis = {id, title, symptom: '', status: 'not-applicable', findings: [], note: `could not diagnose: ${(error as Error).message}`};
				}

				const problems = diagnosis.findings.filter(finding => finding.severity !== 'info').length;
				const summary = diagnosis.status === 'not-applicable' ? diagnosis.note : problems > 0 ? `${problems} finding(s)` : diagnosis.note ?? 'nothing wrong found';
				return {status: stepStatus[diagnosis.status], summary, value: diagnosis};
			},
			{signal: context.signal},
		);
		const diagnosis = end.value!;
		results.push(diagnosis);
		yield {type: 'data', kind: 'diagnosis', data: diagnosis};
	}

	const problem = results.some(diagnosis => diagnosis.status === 'problem');
	const failed = doctorFails(results, input.failOn);
	context.progress.append('doctor', {problems: results.filter(d => d.status === 'problem').map(d => d.id)});
	const summary = problem ? 'Problems found: see each diagnosis\'s fix.' : failed ? 'Warnings found (--fail-on warning): see each diagnosis\'s fix.' : 'No problem found.';
	return {ok: !failed, exitCode: failed ? ExitCode.failed : ExitCode.ok, data: results, summary};
};

/** Applying a fix as a flow of its own (headless --apply, the screen's "a"). */
export const applyFlow: Flow<{id: string}, {applied: string}> = async function* (context, input) {
	const ok = yield* applyFix(context, input.id);
	return {ok, exitCode: ok ? ExitCode.ok : ExitCode.failed, data: {applied: input.id}, summary: ok ? (context.dryRun ? 'Dry run: nothing built.' : `Applied ${input.id}.`) : `${input.id} failed: see the lines above.`};
};
