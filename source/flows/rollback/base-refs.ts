/**
 * The images a Dockerfile builds FROM, with `${ARG}` resolved from build args and the ARG defaults
 * declared before the first FROM. A rollback never removes these: other images are built on them.
 */
export function dockerfileBaseRefs(text: string, buildArgs: Record<string, string | undefined> = {}): string[] {
	const lines = joinContinuations(text);
	const defaults: Record<string, string> = {};
	const stages = new Set<string>();
	const refs: string[] = [];
	let seenFrom = false;
	for (const line of lines) {
		const instruction = /^\s*(\w+)\s+(.*)$/.exec(line);
		if (!instruction) continue;
		const keyword = instruction[1].toUpperCase();
		const rest = instruction[2].trim();
		if (keyword === 'ARG' && !seenFrom) {
			for (const declaration of rest.split(/\s+/)) {
				const [name, ...value] = declaration.split('=');
				if (value.length > 0) defaults[name] = unquote(value.join('='));
			}
		} else if (keyword === 'FROM') {
			seenFrom = true;
			const words = rest.split(/\s+/).filter(word => !word.startsWith('--'));
			const image = substitute(words[0] ?? '', name => buildArgs[name] ?? defaults[name]);
			const alias = words[1]?.toLowerCase() === 'as' ? words[2] : undefined;
			if (image && image !== 'scratch' && !stages.has(image.toLowerCase())) refs.push(image);
			if (alias) stages.add(alias.toLowerCase());
		}
	}

	return [...new Set(refs)];
}

function joinContinuations(text: string): string[] {
	const out: string[] = [];
	let current = '';
	for (const raw of text.split(/\r?\n/)) {
		if (/^\s*#/.test(raw)) continue;
		if (raw.endsWith('\\')) {
			current += raw.slice(0, -1) + ' ';
			continue;
		}

		out.push(current + raw);
		current = '';
	}

	if (current) out.push(current);
	return out;
}

function unquote(value: string): string {
	return value.replace(/^(["'])(.*)\1$/, '$2');
}

/** `$X`, `${X}`, `${X:-default}` and `${X-default}`; unknown variables become empty, as the builder does. */
function substitute(value: string, lookup: (name: string) => string | undefined): string {
	return value.replace(/\$(?:\{(\w+)(?::?-([^}]*))?\}|(\w+))/g, (_match, braced?: string, fallback?: string, bare?: string) => {
		const found = lookup((braced ?? bare)!);
		return found !== undefined && found !== '' ? found : (fallback ?? '');
	});
}
