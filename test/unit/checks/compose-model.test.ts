import {describe, expect, it} from 'vitest';
import {parseCompose, parsePort} from '../../../source/flows/checks/compose-model.js';

const file = '/project/compose/docker-compose.alpine.yml';

describe('parseCompose', () => {
	it('names the line of a YAML error', () => {
		const text = 'services:\n  backend:\n    image: a\n   ports: ["1:1"]\n';
		const model = parseCompose(text, file, {});
		expect(model.problems.length).toBeGreaterThan(0);
		expect(model.problems[0].line).toBe(4);
	});

	it('names the line of a duplicated key', () => {
		const text = 'services:\n  backend:\n    image: a\n  backend:\n    image: b\n';
		const model = parseCompose(text, file, {});
		expect(model.problems[0]).toMatchObject({line: 4});
		expect(model.problems[0].message).toMatch(/unique/i);
	});

	it('fails a file without services', () => {
		expect(parseCompose('version: "3"\n', file, {}).problems[0].message).toMatch(/services/);
	});

	it('reads build, ports, healthcheck and resolves variables from the env', () => {
		const text = [
			'services:',
			'  backend:',
			'    build:',
			'      context: ../docker/backend',
			'      dockerfile: backend.alpine.Dockerfile',
			'      args:',
			'        BASE: ${ALPINIST_ALPINE_BASE:-alpine:3.20}',
			'    ports:',
			'      - "${ALPINIST_BACKEND_PORT:-8002}:8000"',
			'    healthcheck:',
			'      test: ["CMD", "wget", "-q", "-O-", "http://localhost:8000/health"]',
			'  frontend:',
			'    build: ../docker/frontend',
			'    healthcheck:',
			'      disable: true',
		].join('\n');
		const model = parseCompose(text, file, {ALPINIST_ALPINE_BASE: 'alpinist-base/musl:busybox'});
		expect(model.problems).toEqual([]);
		const [backend, frontend] = model.services;
		expect(backend.line).toBe(2);
		expect(backend.build).toMatchObject({context: '/project/docker/backend', dockerfile: '/project/docker/backend/backend.alpine.Dockerfile', args: {BASE: 'alpinist-base/musl:busybox'}});
		expect(backend.ports).toEqual([{raw: '${ALPINIST_BACKEND_PORT:-8002}:8000', hostIp: undefined, hostPort: 8002, containerPort: 8000, protocol: 'tcp', variables: ['ALPINIST_BACKEND_PORT']}]);
		expect(backend.healthcheck?.disabled).toBe(false);
		expect(frontend.build?.dockerfile).toBe('/project/docker/frontend/Dockerfile');
		expect(frontend.healthcheck?.disabled).toBe(true);
	});

	it('reports a required variable that is unset, on its line', () => {
		const model = parseCompose('services:\n  a:\n    image: ${IMAGE:?set IMAGE}\n', file, {});
		expect(model.problems).toEqual([{message: 'a.image: IMAGE: set IMAGE', line: 2}]);
	});

	it('rejects ports that are not a list', () => {
		const model = parseCompose('services:\n  a:\n    image: x\n    ports: 8002\n', file, {});
		expect(model.problems[0]).toMatchObject({message: 'services.a.ports must be a list', line: 4});
	});
});

describe('parsePort', () => {
	const resolve = (value: unknown) => (value === undefined ? undefined : String(value).replace('${P:-9000}', '9000'));

	it('reads ip:host:container/proto, ranges and container-only ports', () => {
		expect(parsePort('127.0.0.1:8080:80/udp', resolve)).toMatchObject([{hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'udp'}]);
		expect(parsePort('8000-8001:9000-9001', resolve).map(p => [p.hostPort, p.containerPort])).toEqual([
			[8000, 9000],
			[8001, 9001],
		]);
		expect(parsePort('80', resolve)).toEqual([]);
		expect(parsePort(8080, resolve)).toEqual([]);
	});

	it('reads the long syntax and the variable of the host part only', () => {
		expect(parsePort({target: 80, published: '${P:-9000}', protocol: 'tcp'}, resolve)).toMatchObject([{hostPort: 9000, containerPort: 80, variables: ['P']}]);
		expect(parsePort('${P:-9000}:80', resolve)[0].variables).toEqual(['P']);
	});

	it('throws on a port that is not one', () => {
		expect(() => parsePort('abc:80', resolve)).toThrow(/not a port/);
	});
});
