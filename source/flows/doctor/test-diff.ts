/** Aligns two test outputs by test name (TAP-like "ok N - name" / "not ok N - name" lines). */

export type TestStatus = 'pass' | 'fail';

export type TestLine = {name: string; status: TestStatus; detail?: string};

/** A trailing duration ("(12 ms)", "# time=3.1ms") is not part of a test's name. */
const timing = /\s*(?:\(\d+(?:\.\d+)?\s*(?:ms|s)\)|#\s*time=\S+)\s*$/i;

export function parseTestLines(lines: string[]): TestLine[] {
	const tests: TestLine[] = [];
	for (const line of lines) {
		const match = /^(not ok|ok)\b(?:\s+\d+)?\s*(?:-\s*)?(.*)$/.exec(line.trim());
		if (!match) continue;
		const name = match[2].replace(timing, '').trim() || `(unnamed ${tests.length + 1})`;
		tests.push({name, status: match[1] === 'ok' ? 'pass' : 'fail'});
	}

	return tests;
}

export type AlignedTest = {name: string; regular?: TestStatus; alpine?: TestStatus; differs: boolean; regularDetail?: string; alpineDetail?: string};

/**
 * A failing test often carries its reason after the name ("not ok 2 - store item: HTTP 500"): when
 * the full text is no test of the other run, the longest name of the other run it starts with
 * (followed by ":") is its name, and the rest its detail.
 */
function split(test: TestLine, names: string[]): TestLine {
	if (test.status === 'pass' || names.includes(test.name)) return test;
	const name = names.filter(candidate => test.name.startsWith(`${candidate}:`)).sort((a, b) => b.length - a.length)[0];
	return name ? {name, status: test.status, detail: test.name.slice(name.length + 1).trim()} : test;
}

export function alignTests(regular: string[], alpine: string[]): AlignedTest[] {
	const left = parseTestLines(regular);
	const right = parseTestLines(alpine);
	const leftNames = left.map(test => test.name);
	const rightNames = right.map(test => test.name);
	const byName = new Map<string, AlignedTest>();
	const entry = (name: string) => {
		let aligned = byName.get(name);
		if (!aligned) {
			aligned = {name, differs: false};
			byName.set(name, aligned);
		}

		return aligned;
	};

	for (const test of left.map(test => split(test, rightNames))) Object.assign(entry(test.name), {regular: test.status, ...(test.detail ? {regularDetail: test.detail} : {})});
	for (const test of right.map(test => split(test, leftNames))) Object.assign(entry(test.name), {alpine: test.status, ...(test.detail ? {alpineDetail: test.detail} : {})});
	return [...byName.values()].map(test => ({...test, differs: test.regular !== test.alpine}));
}

/** The aligned results as lines, one per test: "≠" where the variants differ. */
export function alignedLines(tests: AlignedTest[]): string[] {
	const width = Math.min(48, Math.max(4, ...tests.map(test => test.name.length)));
	const status = (value?: TestStatus) => (value ?? 'absent').padEnd(6);
	return [
		`  ${'test'.padEnd(width)}  regular  Alpine`,
		...tests.map(test => {
			const detail = test.alpineDetail ?? test.regularDetail;
			return `${test.differs ? '≠' : '='} ${test.name.padEnd(width)}  ${status(test.regular)}   ${status(test.alpine)}${test.differs && detail ? `  ${detail}` : ''}`.trimEnd();
		}),
	];
}

/** Lines that look like errors in container logs (the guide greps ERROR). */
export function errorLines(lines: string[]): string[] {
	return lines.filter(line => /\b(error|fatal|panic|exception)\b/i.test(line));
}
