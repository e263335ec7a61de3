import net from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseProcNet, processHoldingPort, tryBind} from '../../../source/flows/checks/port-holders.js';

const sample = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F42 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 123456 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F43 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 654321 1 0000000000000000 20 4 30 10 -1
`;

describe('parseProcNet', () => {
	it('maps listening ports to socket inodes', () => {
		expect(parseProcNet(sample, true)).toEqual(new Map([[8002, ['123456']]]));
		expect(parseProcNet(sample, false).get(8003)).toEqual(['654321']);
	});
});

describe('a port this process holds', () => {
	const server = net.createServer();
	let port = 0;
	beforeAll(async () => {
		await new Promise<void>(resolve => server.listen(0, '0.0.0.0', resolve));
		port = (server.address() as net.AddressInfo).port;
	});
	afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

	it('cannot be bound, and /proc names this process as its holder', async () => {
		const bind = await tryBind(port, 'tcp');
		expect(bind).toEqual({ok: false, error: 'EADDRINUSE'});
		const holder = await processHoldingPort(port, 'tcp');
		expect(holder?.pid).toBe(process.pid);
	});

	it('a free port binds', async () => {
		const free = await new Promise<number>(resolve => {
			const probe = net.createServer().listen(0, () => {
				const {port: p} = probe.address() as net.AddressInfo;
				probe.close(() => resolve(p));
			});
		});
		expect(await tryBind(free, 'tcp')).toEqual({ok: true});
	});
});
