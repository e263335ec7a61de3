import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';

/**
 * Compose's variable interpolation, for reading compose files without running compose:
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
 * `${VAR:+alt}`, `${VAR+alt}` and `$$` for a literal dollar. Pure.
 */

export type Interpolated = {
	value: string;
	/** Variables the text used (whether set or not). */
	variables: string[];
	/** Variables used without a value or default (compose substitutes an empty string and warns). */
	missing: string[];
	/** `${VAR:?message}` whose variable is unset: compose refuses the file. */
	errors: string[];
};

const pattern = /\$(?:(\$)|\{([A-Za-z_]\w*)(?:(:?[-?+])((?:[^{}]|\{[^}]*\})*))?\}|([A-Za-z_]\w*))/g;

/** The text in pieces as written, each with what it stands for: literal runs, `$$`, and each variable. */
export function interpolationPieces(text: string, env: Record<string, string | undefined>): Array<{raw: string; value: string; variable: boolean}> {
	const pieces: Array<{raw: string; value: string; variable: boolean}> = [];
	let at = 0;
	for (const match of text.matchAll(pattern)) {
		if (match.index > at) pieces.push({raw: text.slice(at, match.index), value: text.slice(at, match.index), variable: false});
		pieces.push(match[1] ? {raw: match[0], value: '$', variable: false} : {raw: match[0], value: interpolate(match[0], env).value, variable: true});
		at = match.index + match[0].length;
	}

	if (at < text.length) pieces.push({raw: text.slice(at), value: text.slice(at), variable: false});
	return pieces;
}

export function interpolate(text: string, env: Record<string, string | undefined>): Interpolated {
	const variables: string[] = [];
	const missing: string[] = [];
	const errors: string[] = [];
	const value = text.replace(pattern, (_match, dollar: string | undefined, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
		if (dollar) return '$';
		const name = (braced ?? bare)!;
		variables.push(name);
		const current = env[name];
		const isSet = current !== undefined;
		const nonEmpty = isSet && current !== '';
		// The word itself may hold variables: `${A:-${B}}`.
		const nested = (inner: string) => {
			const result = interpolate(inner, env);
			variables.push(...result.variables);
			missing.push(...result.missing);
			errors.push(...result.errors);
			return result.value;
		};

		switch (op) {
			case ':-': {
				return nonEmpty ? current : nested(word ?? '');
			}

			case '-': {
				return isSet ? current : nested(word ?? '');
			}

			case ':?':
			case '?': {
				const ok = op === ':?' ? nonEmpty : isSet;
				if (!ok) errors.push(`${name}: ${word || 'required variable is missing a value'}`);
				return current ?? '';
			}

			case ':+': {
				return nonEmpty ? nested(word ?? '') : '';
			}

			case '+': {
				return isSet ? nested(word ?? '') : '';
			}

			default: {
				if (!isSet) missing.push(name);
				return current ?? '';
			}
		}
	});
	return {value, variables: [...new Set(variables)], missing: [...new Set(missing)], errors};
}

/** Parses a compose `.env` file: KEY=value lines, `#` comments, optional quotes, `export ` prefix. */
export function parseDotEnv(text: string): Record<string, string> {
	const env: Record<string, string> = {};
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (!line || line.startsWith('#')) continue;
		const match = /^(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*)$/.exec(line);
		if (!match) continue;
		let value = match[2];
		const quote = value[0];
		if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) value = value.slice(1, -1);
		else value = value.replace(/\s+#.*$/, '');
		env[match[1]] = value;
	}

	return env;
}

/**
 * The environment compose would interpolate a file with, as alpinist runs it: the shell's
 * environment wins over the project config's `env`, which wins over the `.env` file beside the
 * compose file.
 */
export function composeEnv(composeFile: string, configEnv: Record<string, string>, processEnv: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
	const dotEnvFile = path.join(path.dirname(composeFile), '.env');
	let dotEnv: Record<string, string> = {};
	if (existsSync(dotEnvFile)) {
		try {
			dotEnv = parseDotEnv(readFileSync(dotEnvFile, 'utf8'));
		} catch {
			dotEnv = {};
		}
	}

	return {...dotEnv, ...configEnv, ...processEnv};
}
