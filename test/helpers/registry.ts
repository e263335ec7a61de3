import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {repoRoot} from './context.js';
import {freePort} from './sample-copy.js';

export type LocalRegistry = {
	/** host:port it listens on (127.0.0.1 unless told otherwise). */
	address: string;
	/** Tag a local image into this registry and push it; returns the pushed reference. */
	push: (image: string, repository: string, tag: string) => Promise<string>;
	/** Stop the server and delete its data; removes the local tags that push made. */
	stop: () => Promise<void>;
};

/**
 * A real distribution registry (Debian's docker-registry, through scripts/registry.sh) on a free
 * loopback port, with its data in a temporary folder. For tests that look up or push tags.
 */
export async function startRegistry(options: {host?: string} = {}): Promise<LocalRegistry> {
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-registry-'));
	const address = `${options.host ?? '127.0.0.1'}:${await freePort()}`;
	await execa('bash', [path.join(repoRoot, 'scripts/registry.sh'), 'start', '--addr', address, '--dir', dir]);
	const pushed: string[] = [];
	return {
		address,
		async push(image, repository, tag) {
			const reference = `${address}/${repository}:${tag}`;
			await execa('docker', ['tag', image, reference]);
			pushed.push(reference);
			await execa('docker', ['push', reference]);
			return reference;
		},
		async stop() {
			for (const reference of pushed) await execa('docker', ['rmi', reference], {reject: false});
			await execa('bash', [path.join(repoRoot, 'scripts/registry.sh'), 'stop', '--dir', dir], {reject: false});
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
