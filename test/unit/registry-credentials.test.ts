/**
 * Credentials as the docker CLI finds them in config.json: credHelpers per registry, then
 * credsStore, each a `docker-credential-<name> get` program (run here for real, from a temporary
 * PATH entry), then `auths` entries. And the pure parts of the registry client.
 */
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseChallenge} from '../../source/docker/registry/client.js';
import {credentialsFor, HUB_CONFIG_KEY} from '../../source/docker/registry/credentials.js';
import {registryRef} from '../../source/docker/registry/reference.js';

const bin = mkdtempSync(path.join(tmpdir(), 'alpinist-credhelper-'));
// Answers with the server it was asked about, as a real helper answers with its stored secret.
writeFileSync(path.join(bin, 'docker-credential-alpinisttest'), '#!/bin/sh\nread server\n[ "$1" = get ] || exit 3\nprintf \'{"ServerURL":"%s","Username":"u-%s","Secret":"s3cret"}\' "$server" "$server"\n');
chmodSync(path.join(bin, 'docker-credential-alpinisttest'), 0o755);
const originalPath = process.env.PATH;
process.env.PATH = `${bin}${path.delimiter}${originalPath}`;
afterAll(() => {
	process.env.PATH = originalPath;
	rmSync(bin, {recursive: true, force: true});
});

describe('registry credentials', () => {
	it('runs the credHelper named for the registry, with the server on stdin', async () => {
		expect(await credentialsFor('registry.example:5000', {credHelpers: {'registry.example:5000': 'alpinisttest'}})).toEqual({username: 'u-registry.example:5000', secret: 's3cret'});
	});

	it('falls back to credsStore, asking for Docker Hub by its config key', async () => {
		expect(await credentialsFor('docker.io', {credsStore: 'alpinisttest'})).toEqual({username: `u-${HUB_CONFIG_KEY}`, secret: 's3cret'});
	});

	it('reads base64 auths entries; a helper name that is not a plain word is never run', async () => {
		const auth = Buffer.from('ada:pa:ss').toString('base64');
		expect(await credentialsFor('docker.io', {auths: {[HUB_CONFIG_KEY]: {auth}}})).toEqual({username: 'ada', secret: 'pa:ss'});
		expect(await credentialsFor('r.example', {credHelpers: {'r.example': '../../bin/sh'}})).toBeUndefined();
		expect(await credentialsFor('r.example', {credHelpers: {'r.example': 'missing-helper-x'}})).toBeUndefined();
	});
});

describe('registry references and challenges', () => {
	it('splits a reference the way the distribution API wants it', () => {
		expect(registryRef('postgres:16')).toEqual({registry: 'docker.io', repository: 'library/postgres', reference: '16'});
		expect(registryRef('nginx')).toEqual({registry: 'docker.io', repository: 'library/nginx', reference: 'latest'});
		expect(registryRef('bitnami/redis:7.2')).toEqual({registry: 'docker.io', repository: 'bitnami/redis', reference: '7.2'});
		expect(registryRef('127.0.0.1:5000/library/redis:7.2-alpine')).toEqual({registry: '127.0.0.1:5000', repository: 'library/redis', reference: '7.2-alpine'});
		expect(registryRef('ghcr.io/org/app@sha256:' + 'a'.repeat(64))).toEqual({registry: 'ghcr.io', repository: 'org/app', reference: 'sha256:' + 'a'.repeat(64)});
		expect(registryRef('${IMAGE}')).toBeUndefined();
	});

	it('reads a Bearer challenge', () => {
		expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/postgres:pull"')).toEqual({
			scheme: 'bearer',
			params: {realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/postgres:pull'},
		});
	});
});
