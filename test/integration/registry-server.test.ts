/** The local registry the project's scripts start: a real server that takes pushes and lists tags. */
import {afterAll, beforeAll, expect, test} from 'vitest';
import {execa} from 'execa';
import {type LocalRegistry, startRegistry} from '../helpers/registry.js';
import {standInImage} from '../helpers/engine.js';

let registry: LocalRegistry;
beforeAll(async () => {
	registry = await startRegistry();
});
afterAll(async () => registry?.stop());

test('a pushed tag is listed by the distribution API and its manifest answers a HEAD', async () => {
	const repository = `it-registry-${process.pid}`;
	await registry.push(standInImage, repository, 'busybox');
	const tags = await (await fetch(`http://${registry.address}/v2/${repository}/tags/list`)).json();
	expect(tags).toEqual({name: repository, tags: ['busybox']});
	const head = await fetch(`http://${registry.address}/v2/${repository}/manifests/busybox`, {
		method: 'HEAD',
		headers: {accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json'},
	});
	expect(head.status).toBe(200);
	expect(head.headers.get('docker-content-digest')).toMatch(/^sha256:[0-9a-f]{64}$/);
	const missing = await fetch(`http://${registry.address}/v2/${repository}/manifests/no-such-tag`, {method: 'HEAD'});
	expect(missing.status).toBe(404);
});

test('start is idempotent on the same address, and status fails once it is stopped', async () => {
	const again = await execa('bash', ['scripts/registry.sh', 'start', '--addr', registry.address]);
	expect(again.stdout.trim()).toBe(`registry: ${registry.address}`);
	const bad = await execa('bash', ['scripts/registry.sh', 'start', '--addr', 'not an address'], {reject: false});
	expect(bad.exitCode).toBe(2);
});
