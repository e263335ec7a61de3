import type {Diagnosis} from '../flows/doctor/types.js';

/** A diagnosis as lines: symptom → evidence → cause → fix. */
export function diagnosisLines(diagnosis: Diagnosis): string[] {
	const lines = [`## ${diagnosis.title} — ${diagnosis.status}`, `   symptom: ${diagnosis.symptom}`];
	if (diagnosis.note) lines.push(`   ${diagnosis.note}`);
	for (const finding of diagnosis.findings) {
		lines.push(`   [${finding.severity}] ${finding.subject}`);
		for (const evidence of finding.evidence) lines.push(`      evidence: ${evidence}`);
		lines.push(`      cause:    ${finding.cause}`);
		for (const fix of finding.fix) lines.push(`      fix:      ${fix}`);
		if (finding.patch) lines.push(...finding.patch.split('\n').map(line => `      | ${line}`));
		if (finding.apply) lines.push(`      apply:    alpinist doctor --apply ${finding.apply.id}  (${finding.apply.label})`);
	}

	return lines;
}
