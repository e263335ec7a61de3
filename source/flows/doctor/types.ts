import type {FlowContext} from '../types.js';
import type {Shared} from './shared.js';

/** Every diagnosis reads: symptom → evidence found → cause → fix. No guess dressed as a finding. */

export type Finding = {
	severity: 'problem' | 'warning' | 'info';
	subject: string;
	/** Quoted log lines, values, file lines: what was actually found. */
	evidence: string[];
	cause: string;
	fix: string[];
	/** A command to run (argument array), shown as text. */
	command?: string[];
	/** A Dockerfile change, as a unified-diff-like snippet. */
	patch?: string;
	/** An action alpinist can apply itself because it is safe (builds, nothing removed). */
	apply?: {id: string; label: string; /** What it runs, shown before it runs. */ commands?: string[]};
};

export type Diagnosis = {
	id: DiagnosisId;
	title: string;
	symptom: string;
	/** problem: something is wrong; ok: checked, nothing wrong; not-applicable: the data does not allow a diagnosis (reason in `note`). */
	status: 'problem' | 'warning' | 'ok' | 'not-applicable';
	findings: Finding[];
	note?: string;
	data?: unknown;
};

export type DiagnosisId = 'missing-images' | 'musl-glibc' | 'performance' | 'alpine-only-failures' | 'musl-pitfalls';

/** failOn: what fails the run (exit 1): a problem ('error', the default), or a warning as well. */
export type DoctorInput = {
	only?: DiagnosisId[];
	/** A test command to compare the stacks with (asks for it to run, as runSmoke does). */
	testCommand?: string[];
	/** Doctor is read-only unless asked: the tests it compares with write into the stacks' volumes. */
	runSmoke?: boolean;
	failOn?: DoctorFailOn;
};

export const doctorFailOn = ['error', 'warning'] as const;
export type DoctorFailOn = (typeof doctorFailOn)[number];

/** Whether these diagnoses fail the run: any problem; with failOn 'warning', any warning too. */
export function doctorFails(results: Array<Pick<Diagnosis, 'status'>>, failOn: DoctorFailOn = 'error'): boolean {
	return results.some(diagnosis => diagnosis.status === 'problem' || (failOn === 'warning' && diagnosis.status === 'warning'));
}

/** `shared` holds what several diagnoses read (compose config), read once per doctor run. */
export type Diagnose = (context: FlowContext, input: DoctorInput, shared: Shared) => Promise<Diagnosis>;

export function statusOf(findings: Finding[]): Diagnosis['status'] {
	if (findings.some(finding => finding.severity === 'problem')) return 'problem';
	if (findings.some(finding => finding.severity === 'warning')) return 'warning';
	return 'ok';
}
