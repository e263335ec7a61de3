/**
 * Does a script need bash, or does Alpine's /bin/sh (busybox ash) run it?
 *
 * Conservative: any construct listed here keeps bash (and installs it). `set -o pipefail` is not
 * listed: busybox ash supports it, and hadolint's DL4006 recommends `SHELL ["/bin/ash", "-eo",
 * "pipefail", "-c"]` for Alpine images.
 */
const FEATURES: Array<[RegExp, string]> = [
	[/\[\[/, '[[ … ]] tests'],
	[/(^|[\s;&|(])(source)\s/, '`source`'],
	[/\b[A-Za-z_]\w*=\(/, 'arrays'],
	[/\$\{[A-Za-z_]\w*\[/, 'arrays'],
	[/\$\{#[A-Za-z_]\w*\[/, 'arrays'],
	[/(^|[\s;&|])(declare|typeset|shopt|mapfile|readarray)\s/, 'bash builtins (declare/shopt/mapfile)'],
	[/(^|[\s;&|])function\s+[A-Za-z_][\w-]*/, '`function` keyword'],
	[/<<</, 'here-strings (<<<)'],
	[/[<>]\(/, 'process substitution'],
	[/\{[^{}\s,]*\.\.[^{}\s,]*\}/, 'brace ranges {a..b}'],
	[/\$'/, "$'…' strings"],
	[/\$\{[A-Za-z_]\w*(\/\/?|\^\^?|,,?)/, '${var/…} substitutions and case changes'],
	[/\$\{[A-Za-z_]\w*:\d/, '${var:offset} substrings'],
	[/(^|[\s;&|])&>/, '&> redirection'],
	[/\$RANDOM|\$\{RANDOM\}|\$BASH_|\$\{BASH_|\$PIPESTATUS|\$\{PIPESTATUS/, 'bash variables'],
	[/\bset\s+-o\s+(?:errtrace|functrace|posix|histexpand)\b|\bset\s+-[a-zA-Z]*E/, 'bash-only set options'],
];

/** The bash features a script uses (deduplicated), empty when sh will do. */
export function bashFeatures(script: string): string[] {
	const found = new Set<string>();
	for (const [pattern, label] of FEATURES) if (pattern.test(script)) found.add(label);
	return [...found];
}

const BASH_PATHS = new Set(['bash', '/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash']);

export function isBash(word: string): boolean {
	return BASH_PATHS.has(word);
}

/** The sh spelling for a bash path: `bash` → `sh`, `/bin/bash` → `/bin/sh`. */
export function shFor(word: string): string {
	return word.includes('/') ? '/bin/sh' : 'sh';
}

/** `#!/bin/bash` / `#!/usr/bin/env bash` shebang? */
export function bashShebang(line: string): boolean {
	return /^#!\s*(?:\/usr\/bin\/env\s+bash|\/(?:usr\/)?(?:local\/)?bin\/bash)\b/.test(line);
}
