import dgram from 'node:dgram';
import {readdir, readFile, readlink} from 'node:fs/promises';
import net from 'node:net';

/** Who holds a port on this machine: try to bind it, and read /proc for the listener (Linux, best effort). */

export async function tryBind(port: number, protocol: 'tcp' | 'udp', host = '0.0.0.0'): Promise<{ok: true} | {ok: false; error: string}> {
	return new Promise(resolve => {
		if (protocol === 'udp') {
			const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
			socket.once('error', error => {
				socket.close();
				resolve({ok: false, error: (error as NodeJS.ErrnoException).code ?? error.message});
			});
			socket.bind({port, address: host, exclusive: true}, () => socket.close(() => resolve({ok: true})));
			return;
		}

		const server = net.createServer();
		server.unref();
		server.once('error', error => resolve({ok: false, error: (error as NodeJS.ErrnoException).code ?? error.message}));
		server.listen({port, host, exclusive: true}, () => server.close(() => resolve({ok: true})));
	});
}

/** Listening sockets by port, from /proc/net/{tcp,tcp6,udp,udp6}: port → socket inodes. Pure parser. */
export function parseProcNet(text: string, listeningOnly: boolean): Map<number, string[]> {
	const byPort = new Map<number, string[]>();
	for (const line of text.split('\n').slice(1)) {
		const fields = line.trim().split(/\s+/);
		if (fields.length < 10) continue;
		const port = Number.parseInt(fields[1].split(':').at(-1) ?? '', 16);
		// 0A is LISTEN for TCP; UDP sockets bound to a port show 07 (CLOSE).
		if (listeningOnly && fields[3] !== '0A') continue;
		const inode = fields[9];
		if (!Number.isFinite(port) || inode === '0') continue;
		byPort.set(port, [...(byPort.get(port) ?? []), inode]);
	}

	return byPort;
}

/** The process that owns one of these socket inodes: scans /proc/<pid>/fd (needs permission; best effort). */
export async function processHoldingPort(port: number, protocol: 'tcp' | 'udp'): Promise<{pid: number; command: string} | undefined> {
	const tables = protocol === 'tcp' ? ['/proc/net/tcp', '/proc/net/tcp6'] : ['/proc/net/udp', '/proc/net/udp6'];
	const inodes = new Set<string>();
	for (const table of tables) {
		try {
			for (const inode of parseProcNet(await readFile(table, 'utf8'), protocol === 'tcp').get(port) ?? []) inodes.add(inode);
		} catch {
			// No such table (no IPv6, not Linux).
		}
	}

	if (inodes.size === 0) return undefined;
	let pids: string[];
	try {
		pids = (await readdir('/proc')).filter(name => /^\d+$/.test(name));
	} catch {
		return undefined;
	}

	for (const pid of pids) {
		let fds: string[];
		try {
			fds = await readdir(`/proc/${pid}/fd`);
		} catch {
			continue;
		}

		for (const fd of fds) {
			const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
			const match = /^socket:\[(\d+)\]$/.exec(target);
			if (match && inodes.has(match[1])) {
				const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
				const command = cmdline.split('\0').filter(Boolean).join(' ') || (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
				return {pid: Number(pid), command: command.length > 80 ? `${command.slice(0, 77)}…` : command};
			}
		}
	}

	return undefined;
}
