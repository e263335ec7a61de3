import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {repoRoot} from './context.js';

/** A temporary copy of the bundled sample stack (config, compose files, Dockerfiles) that a test may break. */
export function sampleCopy(label: string): {dir: string; edit: (file: string, change: (text: string) => string) => void; remove: () => void} {
	const dir = mkdtempSync(path.join(tmpdir(), `alpinist-${label}-`));
	for (const entry of ['alpinist.config.json', 'compose', 'docker']) cpSync(path.join(repoRoot, entry), path.join(dir, entry), {recursive: true});
	return {
		dir,
		edit(file, change) {
			const target = path.join(dir, file);
			writeFileSync(target, change(readFileSync(target, 'utf8')));
		},
		remove: () => rmSync(dir, {recursive: true, force: true}),
	};
}

/** Every published port of both variants of the sample as 0 (the engine picks free ones), for a CLI's environment. */
export const anyPorts: Record<string, string> = Object.fromEntries(['REGULAR', 'ALPINE'].flatMap(variant => ['BACKEND', 'AUTH', 'FRONTEND'].map(service => [`ALPINIST_${variant}_${service}_PORT`, '0'])));

/** Removes the images Compose built for the Alpine project of `name` (both Compose naming rules: name-alpine-svc, name-alpine_svc). */
export async function removeBuiltImages(name: string): Promise<void> {
	const {stdout} = await execa('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'], {reject: false});
	const built = stdout.split('\n').filter(image => image.startsWith(`${name}-alpine-`) || image.startsWith(`${name}-alpine_`));
	if (built.length > 0) await execa('docker', ['rmi', ...built], {reject: false});
}

/** A TCP port nothing listens on right now (the kernel's pick). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}
