import {createRequire} from 'node:module';
import {describe, expect, it} from 'vitest';

/**
 * The bundle hands dependencies a stand-in for ssh2 and gRPC (scripts/build/on-demand.mjs) that
 * loads the real package on first use. Requiring it must load nothing, and using it must behave
 * as the package itself does.
 */
const require = createRequire(import.meta.url);
const {onDemand} = require('../../scripts/build/on-demand-runtime.cjs') as {onDemand: <T>(load: () => T) => T};

function counted<T>(name: string): {module: T; loads: () => number} {
	let loads = 0;
	const module = onDemand(() => {
		loads++;
		return require(name) as T;
	});
	return {module, loads: () => loads};
}

describe('on-demand modules', () => {
	it('ssh2: reading Client at import loads nothing; constructing it gives a real ssh2 Client', () => {
		const real = require('ssh2') as typeof import('ssh2');
		const {module, loads} = counted<typeof real>('ssh2');
		const {Client} = module;
		expect(loads()).toBe(0);
		const client = new Client();
		expect(loads()).toBe(1);
		expect(client).toBeInstanceOf(real.Client);
		expect(client).toBeInstanceOf(Client);
		expect(typeof client.connect).toBe('function');
		expect(Object.keys(module).sort()).toEqual(Object.keys(real).sort());
		expect(module.utils.parseKey('not a key')).toBeInstanceOf(Error);
		expect(loads()).toBe(1);
	});

	it('gRPC: a server and credentials made through the stand-in are the real ones', () => {
		const real = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
		const {module, loads} = counted<typeof real>('@grpc/grpc-js');
		expect(loads()).toBe(0);
		const server = new module.Server();
		expect(server).toBeInstanceOf(real.Server);
		expect(module.ServerCredentials.createInsecure()).toBeInstanceOf(real.ServerCredentials);
		expect(module.status.OK).toBe(real.status.OK);
		expect('Server' in module).toBe(true);
		server.forceShutdown();
		expect(loads()).toBe(1);
	});

	it('answers interop probes without loading the module', () => {
		const {module, loads} = counted<Record<string | symbol, unknown>>('ssh2');
		expect(module.__esModule).toBeUndefined();
		expect(module.then).toBeUndefined();
		expect(module[Symbol.toStringTag]).toBeUndefined();
		expect(loads()).toBe(0);
	});
});
