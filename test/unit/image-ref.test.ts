import {describe, expect, it} from 'vitest';
import {familiarName, familiarString, fullName, parseImageRef, repoTag, withDefaultTag} from '../../source/docker/image-ref.js';

describe('parseImageRef', () => {
	it('puts a single-component name on Docker Hub under library/', () => {
		expect(parseImageRef('alpine')).toMatchObject({domain: 'docker.io', path: 'library/alpine', tag: undefined, digest: undefined, official: true});
		expect(fullName(parseImageRef('alpine:3.20'))).toBe('docker.io/library/alpine');
	});

	it('keeps a user repository on Docker Hub without library/', () => {
		const ref = parseImageRef('team/app:1.2');
		expect(ref).toMatchObject({domain: 'docker.io', path: 'team/app', tag: '1.2', official: false});
		expect(familiarName(ref)).toBe('team/app');
	});

	it('reads a registry domain from a first component with a dot, a port or localhost', () => {
		expect(parseImageRef('ghcr.io/org/tool:v1')).toMatchObject({domain: 'ghcr.io', path: 'org/tool', tag: 'v1', official: false});
		expect(parseImageRef('registry:5000/app')).toMatchObject({domain: 'registry:5000', path: 'app', tag: undefined});
		expect(parseImageRef('localhost/app:dev')).toMatchObject({domain: 'localhost', path: 'app', tag: 'dev'});
		// No dot, no port, not localhost: a Docker Hub user, not a registry.
		expect(parseImageRef('myregistry/app')).toMatchObject({domain: 'docker.io', path: 'myregistry/app'});
	});

	it('normalises the aliases of Docker Hub', () => {
		for (const domain of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.docker.com']) {
			const ref = parseImageRef(`${domain}/library/python:3.12`);
			expect(ref, domain).toMatchObject({domain: 'docker.io', writtenDomain: domain, path: 'library/python', tag: '3.12', official: true});
			expect(familiarString(ref)).toBe('python:3.12');
		}

		expect(parseImageRef('index.docker.io/redis')).toMatchObject({path: 'library/redis', official: true});
	});

	it('splits tag and digest, and takes no registry port for a tag', () => {
		const ref = parseImageRef('localhost:5000/team/app:1.2@sha256:ff');
		expect(ref).toMatchObject({domain: 'localhost:5000', path: 'team/app', tag: '1.2', digest: 'sha256:ff', official: false});
		expect(familiarString(ref)).toBe('localhost:5000/team/app:1.2@sha256:ff');
		expect(parseImageRef('python@sha256:abc')).toMatchObject({path: 'library/python', tag: undefined, digest: 'sha256:abc'});
	});

	it('keeps variables as written', () => {
		expect(parseImageRef('python:${PY_VERSION}-slim')).toMatchObject({path: 'library/python', tag: '${PY_VERSION}-slim', official: true});
	});

	it('is official only for docker.io/library/<name>', () => {
		expect(parseImageRef('library/nginx').official).toBe(true);
		expect(parseImageRef('quay.io/library/nginx').official).toBe(false);
		expect(parseImageRef('docker.io/library/a/b').official).toBe(false);
	});
});

describe('repoTag and withDefaultTag', () => {
	it('gives the tag the engine lists', () => {
		expect(repoTag('busybox')).toBe('busybox:latest');
		expect(repoTag('docker.io/library/alpine:3.19')).toBe('alpine:3.19');
		expect(repoTag('registry-1.docker.io/team/app')).toBe('team/app:latest');
		expect(repoTag('localhost:5000/team/app')).toBe('localhost:5000/team/app:latest');
		expect(repoTag(`a/b:c@sha256:${'a'.repeat(64)}`)).toBe('a/b:c');
	});

	it('adds :latest only when neither a tag nor a digest is written', () => {
		expect(withDefaultTag('app')).toBe('app:latest');
		expect(withDefaultTag('app:1.2')).toBe('app:1.2');
		expect(withDefaultTag('registry:5000/app')).toBe('registry:5000/app:latest');
		expect(withDefaultTag('app@sha256:abc')).toBe('app@sha256:abc');
		expect(withDefaultTag('docker.io/library/alpine')).toBe('docker.io/library/alpine:latest');
	});
});
