import {existsSync, readFileSync, statSync} from 'node:fs';
import {userInfo} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Endpoint} from './types.js';

/**
 * Why the engine did not give its first answer, said so that a person can act on it: it does not
 * run, it runs but does not answer (a hung engine, a socket that accepts and stays silent), or
 * this user may not open its socket. No React here; the commands and the checklist print it.
 */

/** How long the first requests (info, version, list, events) may take before the engine counts as not answering. */
export function answerTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
	const value = Number(env.ALPINIST_ENGINE_TIMEOUT_MS);
	return Number.isFinite(value) && value > 0 ? value : 5000;
}

export class EngineNoAnswerError extends Error {
	override name = 'EngineNoAnswerError';
	readonly code = 'ENGINE_NO_ANSWER';
	constructor(readonly timeoutMs: number) {
		super(`the engine does not answer: no reply within ${(timeoutMs / 1000).toFixed(1)} s`);
	}
}

export type EngineProblem = 'no-answer' | 'permission-denied' | 'not-running' | 'other';

export function classify(code: string | undefined): EngineProblem {
	if (code === 'ENGINE_NO_ANSWER' || code === 'ETIMEDOUT') return 'no-answer';
	if (code === 'EACCES' || code === 'EPERM') return 'permission-denied';
	if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND') return 'not-running';
	return 'other';
}

function nameOf(file: string, id: number): string {
	try {
		const line = readFileSync(file, 'utf8')
			.split('\n')
			.find(entry => entry.split(':')[2] === String(id));
		return line ? `${line.split(':')[0]} (${id})` : String(id);
	} catch {
		return String(id);
	}
}

function socketPath(endpoint: Endpoint): string | undefined {
	return endpoint.host.startsWith('unix://') ? decodeURIComponent(endpoint.host.slice('unix://'.length)) : undefined;
}

/** `ls -l`-like owner, group and mode of the socket, when it can be read. */
export function socketOwnership(socket: string): {owner: string; group: string; mode: string} | undefined {
	try {
		const stat = statSync(socket);
		const bits = stat.mode & 0o777;
		const mode = [6, 3, 0].map(shift => `${bits & (4 << shift) ? 'r' : '-'}${bits & (2 << shift) ? 'w' : '-'}${bits & (1 << shift) ? 'x' : '-'}`).join('');
		return {owner: nameOf('/etc/passwd', stat.uid), group: nameOf('/etc/group', stat.gid), mode};
	} catch {
		return undefined;
	}
}

/** The engine set-up script, named so that it runs from where the user stands (it ships with alpinist). */
export function setupScriptHint(packageRoot: string, cwd = process.cwd()): string | undefined {
	const script = path.join(packageRoot, 'scripts', 'setup-engine.sh');
	if (!existsSync(script)) return undefined;
	const relative = path.relative(cwd, script);
	return `bash ${relative.startsWith('..') || path.isAbsolute(relative) ? script : relative}`;
}

/** Where alpinist is installed (its scripts ship with it): the first parent with its package.json. */
export function installRoot(): string | undefined {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (let depth = 0; depth < 6; depth++, dir = path.dirname(dir)) {
		try {
			if ((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {name?: string}).name === 'alpinist') return dir;
		} catch {}
	}

	return undefined;
}

/** What to tell a person whose engine gave no first answer, from the error's code. */
export function engineProblemMessage(endpoint: Endpoint, error: {code?: string; message?: string} | undefined, packageRoot = installRoot()): string {
	const where = `${endpoint.host} (from ${endpoint.source})`;
	switch (classify(error?.code)) {
		case 'no-answer': {
			return [
				`The Docker engine at ${where} does not answer: it accepts the connection but sent no reply${error?.message?.match(/within [\d.]+ s/) ? ` ${error.message.match(/within [\d.]+ s/)![0]}` : ''}.`,
				'It may be hung or overloaded, or this is not an engine\'s socket. See whether `docker info` answers; restart the engine',
				'(`sudo systemctl restart docker`), or point DOCKER_HOST / DOCKER_CONTEXT at another one. ALPINIST_ENGINE_TIMEOUT_MS sets the wait.',
			].join('\n');
		}

		case 'permission-denied': {
			const socket = socketPath(endpoint);
			const owned = socket ? socketOwnership(socket) : undefined;
			const user = userInfo();
			const group = owned && !/^\d+ /.test(owned.group) ? owned.group.replace(/ \(\d+\)$/, '') : 'docker';
			return [
				`Permission denied on the Docker socket ${socket ?? endpoint.host} (from ${endpoint.source})${owned ? `: owner ${owned.owner}, group ${owned.group}, mode ${owned.mode}` : ''}; this user (${user.username}, uid ${user.uid}) may not open it.`,
				`Fixes: join the socket's group: \`sudo usermod -aG ${group} ${user.username}\`, then log in again (or run \`newgrp ${group}\`);`,
				'or use a rootless engine of your own: `dockerd-rootless-setuptool.sh install`, then `docker context use rootless`',
				'(or DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock).',
			].join('\n');
		}

		default: {
			const script = packageRoot ? setupScriptHint(packageRoot) : undefined;
			return [
				`No Docker engine answers at ${where}.`,
				`Start one: ${script ? `\`${script}\` (installs and starts Debian's docker.io as root), ` : ''}\`sudo systemctl start docker\`,`,
				'or point DOCKER_HOST / DOCKER_CONTEXT at a running engine.',
			].join('\n');
		}
	}
}
