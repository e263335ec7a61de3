/**
 * The token flow of the distribution API, as Docker Hub answers it: a HEAD without a token gets
 * 401 with a Bearer challenge; the client asks the realm for a pull token (with basic credentials
 * when it has some) and asks again with it. Played by a small HTTP server on loopback that speaks
 * that protocol (Debian's docker-registry, used by the integration tests, has no token server).
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {lookupTag, MANIFEST_ACCEPT} from '../../source/docker/registry/client.js';

const seen: Array<{url: string; authorization?: string; accept?: string}> = [];
let server: http.Server;
let address: string;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		seen.push({url: request.url!, authorization: request.headers.authorization, accept: request.headers.accept});
		if (request.url!.startsWith('/token')) {
			const url = new URL(request.url!, 'http://x');
			const scope = url.searchParams.get('scope');
			const user = request.headers.authorization ? Buffer.from(request.headers.authorization.replace(/^Basic /, ''), 'base64').toString() : 'anonymous';
			response.setHeader('content-type', 'application/json');
			response.end(JSON.stringify({token: `t:${user}:${scope}`}));
			return;
		}

		const token = request.headers.authorization?.replace(/^Bearer /, '');
		if (!token?.startsWith('t:')) {
			response.statusCode = 401;
			response.setHeader('www-authenticate', `Bearer realm="http://${address}/token",service="test.registry",scope="repository:library/postgres:pull"`);
			response.end();
			return;
		}

		response.statusCode = request.url === '/v2/library/postgres/manifests/16-alpine' ? 200 : 404;
		if (response.statusCode === 200) response.setHeader('docker-content-digest', `sha256:${'b'.repeat(64)}`);
		response.end();
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

describe('registry token flow', () => {
	it('gets an anonymous pull token for the repository and asks again with it', async () => {
		seen.length = 0;
		const found = await lookupTag(`${address}/library/postgres:16-alpine`, {credentials: async () => undefined});
		expect(found).toEqual({status: 'found', registry: address, digest: `sha256:${'b'.repeat(64)}`});
		expect(seen.map(request => request.url)).toEqual([
			'/v2/library/postgres/manifests/16-alpine',
			'/token?service=test.registry&scope=repository%3Alibrary%2Fpostgres%3Apull',
			'/v2/library/postgres/manifests/16-alpine',
		]);
		expect(seen[0]!.accept).toBe(MANIFEST_ACCEPT);
		expect(seen[2]!.authorization).toBe('Bearer t:anonymous:repository:library/postgres:pull');
	});

	it('sends the credentials it has to the token realm, and says a missing tag is missing', async () => {
		seen.length = 0;
		const missing = await lookupTag(`${address}/library/postgres:9-alpine`, {credentials: async () => ({username: 'ada', secret: 'pw'})});
		expect(missing).toEqual({status: 'missing', registry: address});
		expect(seen[1]!.authorization).toBe(`Basic ${Buffer.from('ada:pw').toString('base64')}`);
		expect(seen[2]!.authorization).toBe('Bearer t:ada:pw:repository:library/postgres:pull');
	});
});
