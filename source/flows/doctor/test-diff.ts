/** Aligns two test outputs by test name (TAP-like "ok N - name" / "not ok N - name" lines). */

export type TestStatus = 'pass' | 'fail';

export function parseTestLines(lines: string[]): Map<string, TestStatus> {
	const tests = new Map<string, TestStatus>();
	for (const line of lines) {
		const match = /^(not ok|ok)\b(?:\s+\d+)?\s*(?:-\s*)?(.*)$/.exec(line.trim());
		// Timings ("(70 ms)", "# time=1.2s") differ between runs: they are not part of a test's name.
		const name = match?.[2].replace(/\s*(\(\d+(?:\.\d+)?\s*m?s\)|#\s*time=\S+)\s*$/, '').trim();
		if (match) tests.set(name || `(unnamed ${tests.size + 1})`, match[1] === 'ok' ? 'pass' : 'fail');
	}

	return tests;
}

export type AlignedTest = {name: string; regular?: TestStatus; alpine?: TestStatus; differs: boolean};

export function alignTests(regular: string[], alpine: string[]): AlignedTest[] {
	const left = parseTestLines(regular);
	const right = parseTestLines(alpine);
	const names = [...new Set([...left.keys(), ...right.keys()])];
	return names.map(name => ({name, regular: left.get(name), alpine: right.get(name), differs: left.get(name) !== right.get(name)}));
}

/** Lines that look like errors in container logs (the guide greps ERROR). */
export function errorLines(lines: string[]): string[] {
	return lines.filter(line => /\b(error|fatal|panic|exception)\b/i.test(line));
}
