import {describe, expect, it} from 'vitest';
import {mappedImageText} from '../../source/flows/init/image-text.js';
import {interpolate} from '../../source/project/compose-model/interpolate.js';

// written (the regular file), env → resolved as compose would, then the plan's mapping.
function write(written: string, env: Record<string, string | undefined>, mapped: string): string {
	return mappedImageText(written, env, interpolate(written, env).value, mapped);
}

describe('init writes a mapped image with the variables of the regular file kept', () => {
	it('keeps a variable in the tag that the mapping only extends', () => {
		expect(write('postgres:${PG_VERSION:-16}', {}, 'postgres:16-alpine')).toBe('postgres:${PG_VERSION:-16}-alpine');
		expect(write('redis:$REDIS_TAG', {REDIS_TAG: '7.2'}, 'redis:7.2-alpine')).toBe('redis:$REDIS_TAG-alpine');
	});

	it('keeps a variable of the registry or namespace part', () => {
		expect(write('${REGISTRY:-docker.io}/library/nginx:1.27', {}, 'docker.io/library/nginx:1.27-alpine')).toBe('${REGISTRY:-docker.io}/library/nginx:1.27-alpine');
	});

	it('keeps a variable before the change and drops the literal the mapping replaced', () => {
		expect(write('node:${NODE_MAJOR}-bookworm-slim', {NODE_MAJOR: '20'}, 'node:20-alpine')).toBe('node:${NODE_MAJOR}-alpine');
	});

	it('writes the resolved mapping when the variable is the image name or the part the mapping rewrote', () => {
		expect(write('${IMAGE}', {IMAGE: 'postgres:16'}, 'postgres:16-alpine')).toBe('postgres:16-alpine');
		expect(write('postgres${FLAVOUR}:16', {FLAVOUR: ''}, 'postgres:16-alpine')).toBe('postgres:16-alpine');
		expect(write('node:${NODE_TAG}', {NODE_TAG: '20-slim'}, 'node:20-alpine')).toBe('node:20-alpine');
	});

	it('leaves text without variables, a digest and a stand-in mapping as mapped', () => {
		expect(write('python:3.12-slim', {}, 'python:3.12-alpine')).toBe('python:3.12-alpine');
		expect(mappedImageText('postgres:${TAG}', {TAG: '16'}, 'postgres:16@sha256:abc', 'postgres:16-alpine')).toBe('postgres:16-alpine');
		expect(write('postgres:${PG:-16}', {}, 'alpinist-base/musl:busybox')).toBe('alpinist-base/musl:busybox');
	});

	it('keeps $$ (a literal dollar) as written', () => {
		expect(write('reg$$x/app:${TAG:-1}', {}, 'reg$x/app:1-alpine')).toBe('reg$$x/app:${TAG:-1}-alpine');
	});
});
