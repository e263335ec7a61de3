/**
 * Log signatures of a glibc program on musl (Alpine wiki "Running glibc programs"; gcompat's
 * README): each pattern, what it means, and the lines that matched, quoted as evidence.
 */

export type Signature = {id: string; pattern: RegExp; meaning: string};

export const muslSignatures: Signature[] = [
	// "sh: /app/tool: not found" for a file that exists: the kernel found the file but not its loader.
	{id: 'not-found', pattern: /(?:^|:\s)(?:exec )?(?<program>\/[^\s:]+): not found$|exec (?<program2>\/[^\s:]+): no such file or directory/, meaning: 'a file that exists "is not found": typically its program interpreter (the glibc loader) is missing'},
	{id: 'libc.so.6', pattern: /Error loading shared library:? ?libc\.so\.6|libc\.so\.6: cannot open shared object file|\blibc\.so\.6\b/, meaning: 'the program links against glibc\'s libc.so.6, which musl does not provide'},
	{id: 'shared-library', pattern: /Error loading shared library:? ?\S+?:? .*\(needed by (?<program>\/[^\s)]+)\)|Error loading shared library/, meaning: 'musl\'s loader cannot find a library the program was linked against (a glibc one)'},
	{id: 'ld-linux', pattern: /ld-linux-x86-64\.so\.2|ld-linux-aarch64\.so\.1|\/lib64\/ld-linux/, meaning: 'the program asks for glibc\'s dynamic loader, absent on musl'},
	{id: 'GLIBC_', pattern: /GLIBC_\d+\.\d+[\w.]*'? not found(?:.*\(required by (?<program>\/[^\s)]+)\))?|version `GLIBC_/, meaning: 'the program needs glibc symbol versions'},
	{id: 'relocating', pattern: /Error relocating (?<program>\/[^\s:]+): .*: symbol not found/, meaning: 'musl\'s loader could not resolve a glibc-only symbol'},
	{id: 'musllinux', pattern: /musllinux|no matching distribution found|Could not find a version that satisfies the requirement/i, meaning: 'a Python wheel for musl (musllinux, PEP 656) is missing, so pip fell back or failed'},
];

export type Match = {signature: Signature; line: string; path?: string};

/** Each line that shows a signature (the first signature it shows, in the order above), with the program it names. */
export function matchSignatures(lines: string[]): Match[] {
	const matches: Match[] = [];
	for (const line of lines) {
		for (const signature of muslSignatures) {
			const match = signature.pattern.exec(line.trim());
			if (!match) continue;
			matches.push({signature, line: line.trim(), path: match.groups?.program ?? match.groups?.program2});
			break;
		}
	}

	return matches;
}

/**
 * The matched lines as evidence: the first line of each signature, in the order of the list
 * (the most telling first), with how many more lines showed the same signature.
 */
export function quoteMatches(matches: Match[], perSignature = 1): string[] {
	const quoted: string[] = [];
	for (const signature of muslSignatures) {
		const lines = [...new Set(matches.filter(match => match.signature === signature).map(match => match.line))];
		if (lines.length === 0) continue;
		const shown = lines.slice(0, perSignature);
		const more = lines.length - shown.length;
		quoted.push(...shown.map((line, index) => `log: ${line}${index === shown.length - 1 && more > 0 ? `  (+${more} more such line${more === 1 ? '' : 's'})` : ''}`));
	}

	return quoted;
}

/** The program a container runs: the first word of ENTRYPOINT + CMD. */
export function programOf(entrypoint: string[] | string | null | undefined, cmd: string[] | string | null | undefined): string | undefined {
	const words = [...toWords(entrypoint), ...toWords(cmd)];
	// `sh -c "…"` runs a script: the program is the first word of the script.
	if (words.length >= 3 && /(^|\/)(ba)?sh$/.test(words[0]) && words[1] === '-c') return words[2].trim().split(/\s+/)[0];
	return words[0];
}

function toWords(value: string[] | string | null | undefined): string[] {
	if (!value) return [];
	return Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}

/** Suggestions for a glibc binary on musl, from the cheapest to the cleanest. */
export const muslFixes = [
	'install the program from Alpine\'s own packages (apk add --no-cache <package>) instead of copying a glibc build',
	'or add the glibc compatibility layer: apk add --no-cache gcompat (or libc6-compat) — enough for simple programs',
	'or build the program for musl (a musl target, e.g. x86_64-unknown-linux-musl) or statically (CGO_ENABLED=0 for Go)',
];
