import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {writeManifest} from '../../source/flows/rollback/backup.js';
import {RestoreUsageError, selectEntries} from '../../source/flows/rollback/restore.js';

const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-restore-'));
const bare = mkdtempSync(path.join(tmpdir(), 'alpinist-restore-bare-'));
afterAll(() => {
	for (const each of [dir, bare]) rmSync(each, {recursive: true, force: true});
});

const entry = (volume: string) => ({volume, file: `${volume}.tar`, bytes: 1024, sha256: 'ab', driver: 'local', labels: {'com.docker.compose.project': 'shop-alpine'}, anonymous: false});

describe('which volumes a restore takes', () => {
	it('reads the manifest of a backup directory, or picks one volume of it', async () => {
		await writeManifest(dir, {version: 1, createdAt: '2024-01-01T00:00:00Z', project: {name: 'shop', root: '/p'}, volumes: [entry('shop-alpine_data'), entry('shop-alpine_cache')]});
		for (const name of ['shop-alpine_data.tar', 'shop-alpine_cache.tar']) writeFileSync(path.join(dir, name), Buffer.alloc(1024));
		expect((await selectEntries({source: dir})).entries.map(item => item.volume)).toEqual(['shop-alpine_data', 'shop-alpine_cache']);
		const one = await selectEntries({source: dir, volume: 'shop-alpine_cache'});
		expect(one.entries).toEqual([entry('shop-alpine_cache')]);
		expect((await selectEntries({source: path.join(dir, 'shop-alpine_data.tar')})).entries[0].labels).toEqual({'com.docker.compose.project': 'shop-alpine'});
	});

	it('without a manifest, names volumes after their tar files', async () => {
		writeFileSync(path.join(bare, 'orders.tar'), Buffer.alloc(512));
		expect((await selectEntries({source: bare})).entries).toMatchObject([{volume: 'orders', file: 'orders.tar', bytes: 512, sha256: ''}]);
	});

	it('refuses what it cannot do, as usage errors', async () => {
		await expect(selectEntries({source: path.join(dir, 'nope')})).rejects.toThrow(RestoreUsageError);
		await expect(selectEntries({source: dir, volume: 'missing'})).rejects.toThrow('it has: shop-alpine_data, shop-alpine_cache');
		await expect(selectEntries({source: dir, to: 'new-name'})).rejects.toThrow('--to names one volume');
	});
});
