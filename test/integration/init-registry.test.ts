/**
 * Tag verification against a real registry: Debian's docker-registry on a free loopback port
 * (scripts/registry.sh), holding tags this test pushes. A pushed tag is found (with its digest),
 * one never pushed is missing and is not written, a port nobody answers on is "not verified".
 * Then `init` on a project whose images come through that registry as a mirror
 * (imageSubstitutions with a prefix): mapped, verified, or kept when the Alpine tag is not there.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {listTags, lookupTag} from '../../source/docker/registry/client.js';
import {createContext} from '../../source/flows/context.js';
import {initFlow} from '../../source/flows/init/flow.js';
import {describeLookup} from '../../source/flows/init/verify-tags.js';
import {startRegistry, type LocalRegistry} from '../helpers/registry.js';
import {freePort} from '../helpers/sample-copy.js';
import {run} from './stack-fixture.js';

let registry: LocalRegistry;
let dir: string;

beforeAll(async () => {
	registry = await startRegistry();
	await registry.push('alpinist-base/musl:busybox', 'library/postgres', '16-alpine');
	await registry.push('alpinist-base/musl:busybox', 'library/redis', '7.2-alpine');
	dir = mkdtempSync(path.join(tmpdir(), `alpinist-init-registry-${process.pid}-`));
}, 120_000);

afterAll(async () => {
	await registry?.stop();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

describe('registry lookups (real docker-registry)', () => {
	it('finds a pushed tag, with its digest, by a HEAD on the manifest', async () => {
		const found = await lookupTag(`${registry.address}/library/postgres:16-alpine`);
		expect(found).toMatchObject({status: 'found', registry: registry.address});
		expect(found.status === 'found' && found.digest).toMatch(/^sha256:[a-f\d]{64}$/);
		expect(await listTags(`${registry.address}/library/postgres`)).toEqual(['16-alpine']);
	});

	it('says a tag that was never pushed is missing', async () => {
		expect(await lookupTag(`${registry.address}/library/postgres:9-alpine`)).toEqual({status: 'missing', registry: registry.address});
		expect(await lookupTag(`${registry.address}/library/nothing:1`)).toEqual({status: 'missing', registry: registry.address});
	});

	it('is "not verified" where nothing answers, and the timeout ends a lookup nobody answers', async () => {
		const address = `127.0.0.1:${await freePort()}`;
		const lookup = await lookupTag(`${address}/library/postgres:16-alpine`, {timeoutMs: 2000});
		expect(lookup.status).toBe('unreachable');
		expect(describeLookup('postgres:16-alpine', lookup)).toMatch(new RegExp(`^not verified: ${address.replace(/\./g, '\\.')} did not answer`));

		// A port that accepts and stays silent: only the timeout can end the lookup.
		const accepted: net.Socket[] = [];
		const silent = net.createServer(socket => accepted.push(socket));
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		try {
			const quiet = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
			expect(await lookupTag(`${quiet}/library/postgres:16-alpine`, {timeoutMs: 500})).toEqual({status: 'unreachable', registry: quiet, detail: 'no answer in 500 ms'});
		} finally {
			for (const socket of accepted) socket.destroy();
			await new Promise(resolve => silent.close(resolve));
		}
	});
});

describe('init verifies its tags through a mirror named in imageSubstitutions', () => {
	it('maps and verifies the tags the registry has; keeps the one it has not', async () => {
		const mirror = `${registry.address}/library/`;
		writeFileSync(
			path.join(dir, 'compose.yaml'),
			['services:', '  db:', `    image: ${mirror}postgres:16`, '  cache:', `    image: ${mirror}redis:7.2`, '  sessions:', `    image: ${mirror}memcached:1.6`, ''].join('\n'),
		);
		writeFileSync(path.join(dir, 'alpinist.config.json'), JSON.stringify({name: `it-init-registry-${process.pid}`, imageSubstitutions: {'docker.io/library/': mirror}}));
		const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-state-'));
		const context = createContext({projectDir: dir, stateDir, dryRun: true});
		try {
			const {outcome} = await run(initFlow(context, {}));
			const rows = Object.fromEntries(outcome.data!.services.map(row => [row.name, row]));
			expect(rows.db).toMatchObject({status: 'mapped', from: `${mirror}postgres:16`, to: `${mirror}postgres:16-alpine`, verified: true});
			expect(rows.db!.reason).toContain('stands for docker.io/library/postgres:16');
			expect(rows.cache).toMatchObject({status: 'mapped', to: `${mirror}redis:7.2-alpine`, verified: true});
			expect(rows.sessions).toMatchObject({status: 'flagged', to: `${mirror}memcached:1.6`, verified: false});
			expect(rows.sessions!.reason).toMatch(/memcached:1\.6-alpine does not exist on its registry: .*memcached:1\.6 kept \(no tag is invented\)/);
			expect(outcome.exitCode).toBe(1);
		} finally {
			context.store.stop();
			rmSync(stateDir, {recursive: true, force: true});
		}
	});
});
