/**
 * Run hadolint on the converted text when it is installed; say why not when it is not.
 */
import {accessSync, constants} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import type {HadolintReport} from './types.js';

/** The first executable `name` on PATH, like `command -v`. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	for (const dir of (env.PATH ?? '').split(path.delimiter)) {
		if (!dir) continue;
		const candidate = path.join(dir, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// not here
		}
	}
	return undefined;
}

export async function runHadolint(text: string, options: {env?: NodeJS.ProcessEnv; signal?: AbortSignal} = {}): Promise<HadolintReport> {
	const binary = findOnPath('hadolint', options.env);
	if (!binary) return {available: false, reason: 'hadolint not found on PATH'};
	try {
		const result = await execa(binary, ['-f', 'json', '-'], {
			input: text,
			reject: false,
			env: options.env,
			cancelSignal: options.signal,
			timeout: 60_000,
		});
		const output = String(result.stdout ?? '').trim();
		const findings: unknown = output === '' ? [] : JSON.parse(output);
		if (!Array.isArray(findings)) return {available: false, reason: 'hadolint printed JSON that is not a list'};
		return {available: true, exitCode: result.exitCode ?? 0, findings};
	} catch (error) {
		return {available: false, reason: `hadolint failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`};
	}
}
