import {type ChildProcess, spawn} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, openSync, closeSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import {execa} from 'execa';

/** The stand-in musl base (built offline by scripts/base-images.sh), when it is there. */
export const standInImage = 'alpinist-base/musl:busybox';

/**
 * A tiny image with a shell: the stand-in base when present, else a throwaway one imported from
 * a tar of the host's static busybox. `remove` deletes only an image this made.
 */
export async function busyboxImage(docker: Dockerode, tag: string): Promise<{image: string; remove: () => Promise<void>}> {
	try {
		await docker.getImage(standInImage).inspect();
		return {image: standInImage, remove: async () => {}};
	} catch {}

	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-busybox-'));
	try {
		mkdirSync(path.join(dir, 'bin'));
		mkdirSync(path.join(dir, 'tmp'));
		const {stdout: busybox} = await execa('sh', ['-c', 'command -v busybox']);
		copyFileSync(busybox.trim(), path.join(dir, 'bin', 'busybox'));
		for (const applet of ['sh', 'sleep', 'touch', 'rm', 'test', 'true']) symlinkSync('busybox', path.join(dir, 'bin', applet));
		await execa('tar', ['-C', dir, '-cf', path.join(dir, 'rootfs.tar'), 'bin', 'tmp']);
		await execa('docker', ['import', '--change', 'CMD ["/bin/sh"]', path.join(dir, 'rootfs.tar'), tag]);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}

	return {image: tag, remove: async () => void (await docker.getImage(tag).remove({force: true}).catch(() => {}))};
}

/**
 * A second, private dockerd (own socket, data, exec root and managed containerd; no bridge, no
 * iptables) that a test may stop and start: the shared engine is never touched.
 */
export class PrivateEngine {
	readonly dir = mkdtempSync(path.join(tmpdir(), 'apd-'));
	readonly socket = path.join(this.dir, 'd.sock');
	private child?: ChildProcess;
	private exited?: Promise<void>;

	get host(): string {
		return `unix://${this.socket}`;
	}

	start(): void {
		const log = openSync(path.join(this.dir, 'dockerd.log'), 'a');
		const args = [
			'--host', this.host,
			'--data-root', path.join(this.dir, 'root'),
			'--exec-root', path.join(this.dir, 'exec'),
			'--pidfile', path.join(this.dir, 'd.pid'),
			'--bridge', 'none',
			'--iptables=false',
			'--ip-masq=false',
		];
		// In a network namespace of its own: a dockerd started with `--bridge none` deletes the
		// host's docker0 at start-up, which would break the shared engine's default network.
		const child = spawn('unshare', ['--net', '--', 'dockerd', ...args], {stdio: ['ignore', log, log]});
		closeSync(log);
		this.child = child;
		this.exited = new Promise(resolve => child.once('exit', () => resolve()));
	}

	/** SIGTERM, as `systemctl stop docker` does; resolves when dockerd (and its containerd) is gone. */
	async stop(): Promise<void> {
		if (!this.child || this.child.exitCode !== null) return;
		this.child.kill('SIGTERM');
		await this.exited;
	}

	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.dir, {recursive: true, force: true});
	}
}
