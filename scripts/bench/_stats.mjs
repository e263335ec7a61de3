// Shared helpers for benchmarks: summaries of repeated measurements, printed with their method.

export function summarize(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return {runs: sorted.length, min: sorted[0], median, max: sorted.at(-1)};
}

export function formatSummary(label, summary, unit = 'ms') {
	const f = value => `${value.toFixed(1)} ${unit}`;
	return `${label.padEnd(28)} min ${f(summary.min).padStart(10)}  median ${f(summary.median).padStart(10)}  max ${f(summary.max).padStart(10)}  (${summary.runs} runs)`;
}

const camel = name => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/** `--runs 20`, `--runs=20`, `--json`, `--no-build` style options with defaults; unknown options are an error. */
export function parseOptions(args, defaults) {
	const options = {...defaults};
	for (let i = 0; i < args.length; i++) {
		const match = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]);
		if (!match) throw new Error(`unexpected argument "${args[i]}"`);
		const negated = /^no-/.test(match[1]) && typeof defaults[camel(match[1].slice(3))] === 'boolean';
		const key = camel(negated ? match[1].slice(3) : match[1]);
		if (negated) {
			options[key] = false;
			continue;
		}

		if (!(key in defaults)) throw new Error(`unknown option --${match[1]} (known: ${Object.keys(defaults).map(k => `--${k}`).join(', ')})`);
		const value = match[2] ?? (typeof defaults[key] === 'boolean' ? 'true' : args[++i]);
		options[key] = typeof defaults[key] === 'number' ? Number(value) : typeof defaults[key] === 'boolean' ? value !== 'false' : value;
	}

	return options;
}
