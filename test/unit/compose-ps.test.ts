import {describe, expect, it} from 'vitest';
import {parsePsJson} from '../../source/docker/compose.js';

// Rows as `docker compose ps -a --format json` prints them (fields trimmed to what matters).
const backend = {ID: 'a1b2c3', Name: 'sample-alpine-backend-1', Service: 'backend', State: 'running', Health: 'healthy', ExitCode: 0, Project: 'sample-alpine'};
const auth = {ID: 'd4e5f6', Name: 'sample-alpine-auth-1', Service: 'auth', State: 'exited', Health: '', ExitCode: 137, Project: 'sample-alpine'};
const frontend = {ID: '0a0b0c', Name: 'sample-alpine-frontend-1', Service: 'frontend', State: 'running', Health: 'starting', ExitCode: 0, Project: 'sample-alpine'};
const expected = [
	{service: 'backend', name: 'sample-alpine-backend-1', id: 'a1b2c3', state: 'running', health: 'healthy', exitCode: 0},
	{service: 'auth', name: 'sample-alpine-auth-1', id: 'd4e5f6', state: 'exited', health: 'none', exitCode: 137},
	{service: 'frontend', name: 'sample-alpine-frontend-1', id: '0a0b0c', state: 'running', health: 'starting', exitCode: 0},
];

describe('parsePsJson', () => {
	it('reads JSON Lines (compose ≥ 2.21)', () => {
		const text = [backend, auth, frontend].map(row => JSON.stringify(row)).join('\n') + '\n';
		expect(parsePsJson(text)).toEqual(expected);
	});

	it('reads one JSON array (compose < 2.21)', () => {
		expect(parsePsJson(JSON.stringify([backend, auth, frontend]))).toEqual(expected);
	});

	it('reads CRLF line ends and blank lines', () => {
		expect(parsePsJson(`${JSON.stringify(backend)}\r\n\r\n${JSON.stringify(auth)}\r\n`)).toEqual(expected.slice(0, 2));
	});

	it('gives no services for empty output and an empty array', () => {
		expect(parsePsJson('')).toEqual([]);
		expect(parsePsJson('  \n')).toEqual([]);
		expect(parsePsJson('[]\n')).toEqual([]);
	});

	it('lowercases State and Health (older versions printed "Up"/"Healthy" style values)', () => {
		expect(parsePsJson(JSON.stringify([{...backend, State: 'Running', Health: 'Healthy'}]))[0]).toMatchObject({state: 'running', health: 'healthy'});
	});
});
