import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {bashFeatures} from '../../source/dockerfile/bash.js';
import {mapBaseImage, parseImageRef} from '../../source/dockerfile/base-images.js';
import {lookupPackage, parsePackageSpec} from '../../source/dockerfile/packages.js';
import {DockerfileParseError, parseDockerfile} from '../../source/dockerfile/parse.js';
import {commandIndex, deleteSegment, segments} from '../../source/dockerfile/segments.js';
import {render, tokenize} from '../../source/dockerfile/shell.js';
import {convertUserCommand} from '../../source/dockerfile/users.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dockerfiles');

describe('base images', () => {
	const cases: Array<[string, string]> = [
		['python:3.11', 'python:3.11-alpine'],
		['python:3.11-slim', 'python:3.11-alpine'],
		['python:3.11-bookworm', 'python:3.11-alpine'],
		['python:3.11-slim-bookworm', 'python:3.11-alpine'],
		['python', 'python:alpine'],
		['node:20', 'node:20-alpine'],
		['node:20-bookworm-slim', 'node:20-alpine'],
		['node:lts-slim', 'node:lts-alpine'],
		['golang:1.22', 'golang:1.22-alpine'],
		['golang:1.22-bookworm', 'golang:1.22-alpine'],
		['debian', 'alpine:3.20'],
		['debian:bookworm-slim', 'alpine:3.20'],
		['ubuntu:22.04', 'alpine:3.20'],
		['ruby:3.3-slim', 'ruby:3.3-alpine'],
		['php:8.3-fpm', 'php:8.3-fpm-alpine'],
		['php:8.3-fpm-bookworm', 'php:8.3-fpm-alpine'],
		['php:8.3', 'php:8.3-alpine'],
		['nginx:1.27', 'nginx:1.27-alpine'],
		['nginx:1.27-perl', 'nginx:1.27-alpine-perl'],
		['nginx', 'nginx:alpine'],
		['redis:7', 'redis:7-alpine'],
		['postgres:16-bookworm', 'postgres:16-alpine'],
		['eclipse-temurin:21-jre', 'eclipse-temurin:21-jre-alpine'],
		['eclipse-temurin:17-jdk-jammy', 'eclipse-temurin:17-jdk-alpine'],
		['openjdk:8-jre', 'openjdk:8-jre-alpine'],
		['rabbitmq:3.13-management', 'rabbitmq:3.13-management-alpine'],
		['docker.io/library/python:3.12-slim', 'docker.io/library/python:3.12-alpine'],
		['python:3.12-slim@sha256:abc', 'python:3.12-alpine'],
		['rust:buster', 'rust:alpine'],
		['python:bookworm', 'python:alpine'],
		['node:bullseye-slim', 'node:alpine'],
		['registry.docker.com/library/ruby:3.3', 'registry.docker.com/library/ruby:3.3-alpine'],
		['mcr.microsoft.com/dotnet/sdk:8.0', 'mcr.microsoft.com/dotnet/sdk:8.0-alpine'],
		['mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim', 'mcr.microsoft.com/dotnet/aspnet:8.0-alpine'],
		['mcr.microsoft.com/dotnet/runtime:6.0-jammy', 'mcr.microsoft.com/dotnet/runtime:6.0-alpine'],
		['maven:3.9-eclipse-temurin-17', 'maven:3.9-eclipse-temurin-17-alpine'],
		['maven:3.9.6-eclipse-temurin-21-jammy', 'maven:3.9.6-eclipse-temurin-21-alpine'],
		['gradle:8.7-jdk21', 'gradle:8.7-jdk21-alpine'],
	];
	for (const [from, to] of cases) {
		it(`${from} → ${to}`, () => {
			expect(mapBaseImage(from)).toMatchObject({kind: 'mapped', image: to});
		});
	}

	it('leaves scratch, distroless and Alpine images alone', () => {
		expect(mapBaseImage('scratch').kind).toBe('scratch');
		expect(mapBaseImage('gcr.io/distroless/static-debian12').kind).toBe('distroless');
		expect(mapBaseImage('alpine:3.19').kind).toBe('alpine');
		expect(mapBaseImage('python:3.12-alpine3.20').kind).toBe('alpine');
	});

	it('knows the official images that are built on Alpine, whatever their tag, but not their Windows tags', () => {
		for (const image of ['traefik:v3.1', 'caddy:2.8', 'docker.io/library/registry:2', 'eclipse-mosquitto:2']) {
			expect(mapBaseImage(image), image).toMatchObject({kind: 'alpine', reason: expect.stringContaining('built on Alpine')});
		}

		expect(mapBaseImage('traefik:windowsservercore-ltsc2022').kind).toBe('unknown');
		expect(mapBaseImage('someone/traefik:v3').kind).toBe('unknown');
	});

	it('flags images with no known Alpine tag instead of guessing', () => {
		for (const image of ['mysql:8.0', 'mongo:7', 'php:8.3-apache', 'openjdk:17', 'mcr.microsoft.com/dotnet/framework/aspnet:4.8', 'myorg/app:1.0', 'python@sha256:abc']) {
			expect(mapBaseImage(image).kind, image).toBe('unknown');
		}
		expect(mapBaseImage('openjdk:17')).toMatchObject({suggestion: expect.stringContaining('eclipse-temurin:17-jdk-alpine')});
		expect(mapBaseImage('maven:3.9')).toMatchObject({kind: 'unknown', suggestion: expect.stringContaining('maven:3.9-eclipse-temurin-21-alpine')});
	});

	it('refuses images that are glibc or systemd by nature', () => {
		for (const image of ['kindest/node:v1.29.0', 'jrei/systemd-ubuntu:22.04', 'nvidia/cuda:12.2.0-runtime-ubuntu22.04', 'centos:7', 'registry.access.redhat.com/ubi9/ubi:9.3']) {
			expect(mapBaseImage(image), image).toMatchObject({kind: 'unknown', glibcByNature: true});
		}
	});

	it('says that a bare codename tag becomes the latest version', () => {
		const mapping = mapBaseImage('rust:buster');
		expect(mapping.kind === 'mapped' && mapping.notes.join(' ')).toContain('names a Debian release');
	});

	it('parses references with registry, port and digest', () => {
		expect(parseImageRef('localhost:5000/team/app:1.2@sha256:ff')).toEqual({prefix: '', name: 'localhost:5000/team/app', tag: '1.2', digest: 'sha256:ff'});
	});
});

describe('packages', () => {
	it('maps the common Debian names', () => {
		const expected: Record<string, string[]> = {
			'build-essential': ['build-base'],
			'libpq-dev': ['libpq-dev'],
			'libssl-dev': ['openssl-dev'],
			'zlib1g-dev': ['zlib-dev'],
			'libffi-dev': ['libffi-dev'],
			'libjpeg-dev': ['libjpeg-turbo-dev'],
			curl: ['curl'],
			'python3-dev': ['python3-dev'],
			'libxslt1-dev': ['libxslt-dev'],
			'libyaml-dev': ['yaml-dev'],
			'default-libmysqlclient-dev': ['mariadb-dev'],
			locales: ['musl-locales'],
			'netcat-openbsd': ['netcat-openbsd'],
			'iputils-ping': ['iputils'],
			dnsutils: ['bind-tools'],
			gcc: ['gcc', 'musl-dev'],
			'openjdk-17-jre-headless': ['openjdk17-jre-headless'],
			'apt-transport-https': [],
		};
		for (const [debian, alpine] of Object.entries(expected)) expect(lookupPackage(debian)?.alpine, debian).toEqual(alpine);
		expect(lookupPackage('libfrobnicate-dev')).toBeUndefined();
	});

	it('splits version pins and release suffixes', () => {
		expect(parsePackageSpec('curl=7.88.1-10+deb12u5')).toEqual({raw: 'curl=7.88.1-10+deb12u5', name: 'curl', version: '7.88.1-10+deb12u5', release: undefined});
		expect(parsePackageSpec('git/bookworm-backports')).toMatchObject({name: 'git', release: 'bookworm-backports'});
	});
});

describe('users', () => {
	const convert = (line: string) => convertUserCommand(line.split(' ').map(text => ({text, value: text.replace(/^"|"$/g, '')})));
	it('maps useradd flags', () => {
		expect(convert('useradd -m -s /bin/sh -u 1000 app')?.text).toBe('adduser -D -s /bin/sh -u 1000 app');
		expect(convert('useradd -u 1000 app')?.text).toBe('adduser -D -H -u 1000 app');
		expect(convert('useradd -r app')?.text).toBe('addgroup -S app && adduser -D -S -H -G app app');
		expect(convert('useradd -rm -G wheel,audio app')?.text).toBe('addgroup -S app && adduser -D -S -G app app && addgroup app wheel && addgroup app audio');
		expect(convert('groupadd --system --gid 1001 app')?.text).toBe('addgroup -S -g 1001 app');
	});

	it('reports options busybox does not have', () => {
		expect(convert('useradd -K UMASK=022 -p secret app')?.unsupported).toEqual(['-K', '-p']);
	});

	it('leaves busybox syntax alone', () => {
		expect(convert('adduser -D app')).toBeUndefined();
	});
});

describe('bash features', () => {
	it('finds what sh cannot run', () => {
		expect(bashFeatures('if [[ -f x ]]; then :; fi')).toEqual(['[[ … ]] tests']);
		expect(bashFeatures('source /etc/profile')).toEqual(['`source`']);
		expect(bashFeatures('a=(1 2 3)')).toEqual(['arrays']);
		expect(bashFeatures('cat <<< "$x"')).toEqual(['here-strings (<<<)']);
		expect(bashFeatures('echo {1..5}')).toEqual(['brace ranges {a..b}']);
	});

	it('does not flag POSIX scripts or pipefail (busybox ash has it)', () => {
		expect(bashFeatures('set -eo pipefail; if [ -f x ]; then echo "${HOME:-/}"; fi; . /etc/profile')).toEqual([]);
	});
});

describe('shell tokenizer', () => {
	it('renders every fixture RUN back byte for byte when nothing is edited', () => {
		for (const name of readdirSync(dir).filter(f => f.endsWith('.Dockerfile') && !f.startsWith('unparsable'))) {
			const text = readFileSync(path.join(dir, name), 'utf8');
			const parsed = parseDockerfile(text, name);
			for (const instruction of parsed.instructions) {
				const range = instruction.getRange();
				const start = parsed.index.offset(range.start);
				const end = parsed.index.offset(range.end);
				const script = tokenize(text, start, end, 'joined', parsed.escapeChar);
				expect(render(script), `${name}:${range.start.line + 1}`).toBe(text.slice(start, end));
			}
		}
	});

	it('keeps quotes, substitutions and redirections inside words', () => {
		const text = `echo "a && b" $(x; y) 'c;d' 2>&1 >/dev/null && z`;
		const script = tokenize(text, 0, text.length, 'joined');
		expect(script.tokens.map(t => [t.kind, t.text])).toEqual([
			['word', 'echo'],
			['word', '"a && b"'],
			['word', '$(x; y)'],
			['word', "'c;d'"],
			['redirect', '2>&'],
			['word', '1'],
			['redirect', '>'],
			['word', '/dev/null'],
			['separator', '&&'],
			['word', 'z'],
		]);
		expect(script.tokens[1]!.value).toBe('a && b');
	});

	it('deletes a command with the separator next to it', () => {
		const text = 'a && b \\\n    && c';
		const script = tokenize(text, 0, text.length, 'joined');
		expect(deleteSegment(script, segments(script)[1]!)).toBe('deleted');
		expect(render(script)).toBe('a \\\n    && c');
		const first = tokenize(text, 0, text.length, 'joined');
		deleteSegment(first, segments(first)[0]!);
		expect(render(first)).toBe('b \\\n    && c');
	});

	it('finds the command after VAR=value, env and keywords', () => {
		const text = 'then FOO=1 env BAR=2 apt-get install x';
		const script = tokenize(text, 0, text.length, 'joined');
		const segment = segments(script)[0]!;
		expect(script.tokens[segment.tokens[commandIndex(script, segment)]!]!.value).toBe('apt-get');
	});
});

describe('parse errors name the file and the line', () => {
	const cases: Array<[string, number, RegExp]> = [
		['FROM debian\nRUN apt-get update\n    && apt-get install -y curl\n', 3, /unknown instruction "&&"/],
		['# hi\nRUN echo\nFROM debian\n', 2, /before the first FROM/],
		['ARG X=1\n', 1, /no FROM/],
		['FROM debian\nRUN <<EOF\necho hi\n', 2, /unterminated heredoc/],
		['FROM debian\nSHELL /bin/bash -c\n', 2, /JSON form/],
	];
	for (const [text, line, reason] of cases) {
		it(String(reason), () => {
			let error: unknown;
			try {
				parseDockerfile(text, 'bad.Dockerfile');
			} catch (caught) {
				error = caught;
			}
			expect(error).toBeInstanceOf(DockerfileParseError);
			expect((error as DockerfileParseError).line).toBe(line);
			expect((error as DockerfileParseError).message).toMatch(new RegExp(`^bad\\.Dockerfile:${line}: `));
			expect((error as DockerfileParseError).reason).toMatch(reason);
		});
	}

	it('accepts ARG before FROM, parser directives and comments', () => {
		expect(() => parseDockerfile('# syntax=docker/dockerfile:1\n# comment\nARG A=1\nFROM debian:${A}\n', 'ok')).not.toThrow();
	});
});
