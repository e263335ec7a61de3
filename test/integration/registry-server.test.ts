/** The local registry the project's scripts start: a real server that takes pushes and lists tags. */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {execa} from 'execa';
import {freePort} from '../helpers/sample-copy.js';
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

test('--tls serves HTTPS from a CA of its own, installed in certs.d while it runs and removed at stop', async () => {
	if (process.getuid?.() !== 0) return void console.warn('--tls test skipped: it writes /etc/docker/certs.d (root)');
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-registry-tls-'));
	const address = `127.0.0.1:${await freePort()}`;
	const entry = `/etc/docker/certs.d/${address}/ca.crt`;
	try {
		await execa('bash', ['scripts/registry.sh', 'start', '--addr', address, '--dir', dir, '--tls']);
		expect(readFileSync(entry, 'utf8')).toBe(readFileSync(path.join(dir, 'tls/ca.crt'), 'utf8'));
		const https = await execa('curl', ['-fsS', '--cacert', path.join(dir, 'tls/ca.crt'), `https://${address}/v2/`], {reject: false});
		expect(https.exitCode).toBe(0);
		// Without the CA the certificate is not trusted, and plain HTTP is not served.
		expect((await execa('curl', ['-fsS', `https://${address}/v2/`], {reject: false})).exitCode).not.toBe(0);
		expect((await execa('curl', ['-fsS', `http://${address}/v2/`], {reject: false})).exitCode).not.toBe(0);
		await execa('bash', ['scripts/registry.sh', 'status', '--addr', address, '--dir', dir, '--tls']);
	} finally {
		await execa('bash', ['scripts/registry.sh', 'stop', '--dir', dir], {reject: false});
		rmSync(dir, {recursive: true, force: true});
	}

	expect(existsSync(entry)).toBe(false);
	expect(existsSync(path.dirname(entry))).toBe(false);
});
