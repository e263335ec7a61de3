/**
 * Where the command word is: the first argument that is neither a flag nor the value of a flag
 * that takes one (`valueFlags`, e.g. --project), so `alpinist --project DIR doctor` runs doctor as
 * `alpinist doctor --project DIR` does. -1 when there is none.
 */
export function commandPosition(argv: string[], valueFlags: string[]): number {
	const takesValue = new Set(valueFlags);
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		if (arg === '--') return -1;
		if (!arg.startsWith('-')) return index;
		if (takesValue.has(arg)) index++;
	}

	return -1;
}

/** camelCase flag names as they are typed: stateDir → --state-dir. */
export function flagSpelling(name: string): string {
	return `--${name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)}`;
}
