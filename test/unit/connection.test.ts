import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {EndpointError, podmanSockets, resolveEndpoint, toDockerodeOptions} from '../../source/docker/connection.js';

let config: string;
const nothingExists = () => false;
const everythingExists = () => true;

function writeContext(name: string, host: string, options: {skipTLSVerify?: boolean; tls?: boolean} = {}) {
	const id = createHash('sha256').update(name).digest('hex');
	const meta = path.join(config, 'contexts', 'meta', id);
	mkdirSync(meta, {recursive: true});
	writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({Name: name, Metadata: {}, Endpoints: {docker: {Host: host, SkipTLSVerify: Boolean(options.skipTLSVerify)}}}));
	if (options.tls) {
		const tls = path.join(config, 'contexts', 'tls', id, 'docker');
		mkdirSync(tls, {recursive: true});
		for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(path.join(tls, file), `${name} ${file}`);
	}
}

beforeEach(() => {
	config = mkdtempSync(path.join(tmpdir(), 'alpinist-docker-config-'));
});

afterEach(() => {
	rmSync(config, {recursive: true, force: true});
});

describe('DOCKER_HOST', () => {
	it('unix:// is a socket path', () => {
		const endpoint = resolveEndpoint({DOCKER_HOST: 'unix:///run/user/1000/docker.sock', DOCKER_CONFIG: config}, nothingExists);
		expect(endpoint).toMatchObject({host: 'unix:///run/user/1000/docker.sock', source: 'DOCKER_HOST'});
		expect(toDockerodeOptions(endpoint)).toMatchObject({socketPath: '/run/user/1000/docker.sock', protocol: 'http', host: undefined});
	});

	it('tcp:// without TLS is plain http on 2375', () => {
		const endpoint = resolveEndpoint({DOCKER_HOST: 'tcp://build-host', DOCKER_CONFIG: config}, nothingExists);
		expect(endpoint.tls).toBeUndefined();
		expect(toDockerodeOptions(endpoint)).toMatchObject({host: 'build-host', port: 2375, protocol: 'http'});
	});

	it('tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH is https with the client certificates', () => {
		const certs = path.join(config, 'certs');
		mkdirSync(certs);
		for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(path.join(certs, file), `the ${file}`);
		const endpoint = resolveEndpoint({DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs, DOCKER_CONFIG: config}, nothingExists);
		expect(endpoint.tls).toEqual({ca: 'the ca.pem', cert: 'the cert.pem', key: 'the key.pem', verify: true});
		const options = toDockerodeOptions(endpoint);
		expect(options).toMatchObject({host: '10.0.0.5', port: 2376, protocol: 'https', ca: 'the ca.pem', cert: 'the cert.pem', key: 'the key.pem'});
		expect(options.agent).toBeUndefined();
	});

	it('DOCKER_TLS_VERIFY=0 turns verification off', () => {
		const endpoint = resolveEndpoint({DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '0', DOCKER_CONFIG: config}, nothingExists);
		expect(endpoint.tls).toBeUndefined();
	});

	it('ssh:// keeps user and port and uses the ssh agent', () => {
		const endpoint = resolveEndpoint({DOCKER_HOST: 'ssh://deploy@engine.example:2222', DOCKER_CONFIG: config}, nothingExists);
		expect(toDockerodeOptions(endpoint, {SSH_AUTH_SOCK: '/tmp/agent.sock'})).toMatchObject({
			host: 'engine.example',
			port: 2222,
			protocol: 'ssh',
			username: 'deploy',
			sshOptions: {agent: '/tmp/agent.sock'},
		});
	});

	it('wins over DOCKER_CONTEXT, as in the docker CLI', () => {
		writeContext('remote', 'tcp://remote:2375');
		expect(resolveEndpoint({DOCKER_HOST: 'unix:///x.sock', DOCKER_CONTEXT: 'remote', DOCKER_CONFIG: config}, nothingExists).source).toBe('DOCKER_HOST');
	});

	it('an unsupported scheme is an error naming what is expected', () => {
		expect(() => toDockerodeOptions({host: 'fd://3', source: 'DOCKER_HOST'})).toThrow(/expected unix:\/\/, tcp:\/\/, https:\/\/ or ssh:\/\//);
	});
});

describe('docker contexts', () => {
	it('DOCKER_CONTEXT reads contexts/meta/<sha256 of the name>/meta.json', () => {
		writeContext('staging', 'ssh://ops@staging');
		const endpoint = resolveEndpoint({DOCKER_CONTEXT: 'staging', DOCKER_CONFIG: config}, nothingExists);
		expect(endpoint).toMatchObject({host: 'ssh://ops@staging', source: 'DOCKER_CONTEXT', context: 'staging'});
	});

	it('the current context of config.json when DOCKER_CONTEXT is unset', () => {
		writeContext('lab', 'tcp://lab:2376', {tls: true});
		writeFileSync(path.join(config, 'config.json'), JSON.stringify({currentContext: 'lab'}));
		const endpoint = resolveEndpoint({DOCKER_CONFIG: config}, nothingExists);
		expect(endpoint).toMatchObject({host: 'tcp://lab:2376', source: 'context', context: 'lab'});
		expect(endpoint.tls).toEqual({ca: 'lab ca.pem', cert: 'lab cert.pem', key: 'lab key.pem', verify: true});
		expect(toDockerodeOptions(endpoint)).toMatchObject({protocol: 'https', port: 2376, ca: 'lab ca.pem'});
	});

	it('SkipTLSVerify gives https without verification', () => {
		writeContext('insecure', 'tcp://insecure:2376', {tls: true, skipTLSVerify: true});
		const options = toDockerodeOptions(resolveEndpoint({DOCKER_CONTEXT: 'insecure', DOCKER_CONFIG: config}, nothingExists));
		expect(options.protocol).toBe('https');
		expect(options.agent?.options.rejectUnauthorized).toBe(false);
	});

	it('the "default" context is the default socket', () => {
		expect(resolveEndpoint({DOCKER_CONTEXT: 'default', DOCKER_CONFIG: config}, everythingExists)).toMatchObject({host: 'unix:///var/run/docker.sock', source: 'default socket'});
	});

	it('an unknown context is an error, not a silent fall-back to another engine', () => {
		expect(() => resolveEndpoint({DOCKER_CONTEXT: 'nope', DOCKER_CONFIG: config}, everythingExists)).toThrow(EndpointError);
		expect(() => resolveEndpoint({DOCKER_CONTEXT: 'nope', DOCKER_CONFIG: config}, everythingExists)).toThrow(/"nope".*docker context ls/);
	});
});

describe('default socket and Podman', () => {
	it('the default socket when it exists', () => {
		expect(resolveEndpoint({DOCKER_CONFIG: config, XDG_RUNTIME_DIR: '/run/user/1000'}, everythingExists)).toEqual({host: 'unix:///var/run/docker.sock', source: 'default socket'});
	});

	it('a rootless Podman socket when there is no Docker socket', () => {
		const exists = (file: string) => file === '/run/user/1000/podman/podman.sock';
		expect(resolveEndpoint({DOCKER_CONFIG: config, XDG_RUNTIME_DIR: '/run/user/1000'}, exists)).toEqual({host: 'unix:///run/user/1000/podman/podman.sock', source: 'podman socket'});
	});

	it('the rootful Podman socket, the rootless one first', () => {
		expect(podmanSockets({XDG_RUNTIME_DIR: '/run/user/1000'})).toEqual(['/run/user/1000/podman/podman.sock', '/run/podman/podman.sock']);
		const exists = (file: string) => file === '/run/podman/podman.sock';
		expect(resolveEndpoint({DOCKER_CONFIG: config}, exists)).toEqual({host: 'unix:///run/podman/podman.sock', source: 'podman socket'});
	});

	it('the default socket (to report as unreachable) when nothing exists', () => {
		expect(resolveEndpoint({DOCKER_CONFIG: config}, nothingExists)).toEqual({host: 'unix:///var/run/docker.sock', source: 'default socket'});
	});
});

describe('docker-modem under these options', () => {
	afterEach(() => {
		vi.unstubAllEnvs();
	});

	it('an explicit unix endpoint wins over a DOCKER_HOST=tcp:// docker-modem would read itself', async () => {
		vi.stubEnv('DOCKER_HOST', 'tcp://elsewhere:2376');
		vi.stubEnv('DOCKER_TLS_VERIFY', '1');
		const {default: Dockerode} = await import('dockerode');
		const docker = new Dockerode(toDockerodeOptions({host: 'unix:///tmp/private.sock', source: 'DOCKER_HOST'}) as any);
		expect((docker as any).modem.socketPath).toBe('/tmp/private.sock');
		expect((docker as any).modem.host).toBeUndefined();
		expect((docker as any).modem.protocol).toBe('http');
	});
});
