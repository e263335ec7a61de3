import {describe, expect, it} from 'vitest';
import {composeCommand} from '../../source/flows/checks/compose-command.js';
import type {CheckEnv} from '../../source/flows/checks/types.js';
import {causeInOutput} from '../../source/flows/real-cause.js';

describe('the real cause in what Compose printed', () => {
	it('a host port held by another program (dockerd 20.10 userland proxy, as recorded)', () => {
		const stderr = [
			' Container rel-port-alpine-auth-1  Started',
			'Error response from daemon: driver failed programming external connectivity on endpoint rel-port-alpine-backend-1 (a4150fa383f1): Error starting userland proxy: listen tcp4 127.0.0.1:18002: bind: address already in use',
		].join('\n');
		expect(causeInOutput(stderr)).toEqual({kind: 'port', text: 'host port 127.0.0.1:18002 is already in use (another program or container holds it)'});
	});

	it('a host port held by another container', () => {
		expect(causeInOutput('Error response from daemon: driver failed programming external connectivity on endpoint x: Bind for 0.0.0.0:8002 failed: port is already allocated')?.text).toMatch(/host port 0\.0\.0\.0:8002 is already in use/);
	});

	it('the engine gone under Compose', () => {
		expect(causeInOutput('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?')?.kind).toBe('engine-gone');
		expect(causeInOutput('ERROR: failed to solve: error reading from server: EOF\nunexpected EOF')?.kind).toBe('engine-gone');
	});

	it('nothing for an ordinary failure', () => {
		expect(causeInOutput('ERROR: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3')).toBeUndefined();
	});
});

describe('fix hints name the Compose that is installed', () => {
	const env = (cli: {command: string; prefix: string[]} | undefined) =>
		({context: {compose: async () => (cli ? {version: cli.prefix.length ? 'v2' : 'v1', versionString: '', ...cli} : Promise.reject(new Error('none')))}}) as unknown as CheckEnv;

	it('docker-compose when only v1 is there, docker compose for v2', async () => {
		expect(await composeCommand(env({command: 'docker-compose', prefix: []}))).toBe('docker-compose');
		expect(await composeCommand(env({command: 'docker', prefix: ['compose']}))).toBe('docker compose');
	});
});
