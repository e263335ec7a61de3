import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {convertDockerfile, hasErrors} from '../../source/dockerfile/convert.js';
import {diffLines} from '../../source/dockerfile/diff.js';
import {convertFile} from '../../source/dockerfile/file.js';
import type {ConversionResult} from '../../source/dockerfile/types.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dockerfiles');
const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
const convert = (name: string): ConversionResult => {
	const result = convertFile(path.join(dir, `${name}.Dockerfile`));
	if (result.kind !== 'converted') throw new Error(`${name} did not convert: ${JSON.stringify(result)}`);
	return result.result;
};
const codes = (result: ConversionResult, severity?: string) => result.findings.filter(f => !severity || f.severity === severity).map(f => f.code);

/** Every line the diff keeps must be byte-identical, and only lines that needed a change change. */
function changedOriginalLines(result: ConversionResult): number[] {
	const split = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
	return diffLines(split(result.original), split(result.converted))
		.filter(line => line.kind === '-')
		.map(line => line.oldLine!);
}

describe('convert: exact output', () => {
	for (const name of ['python-slim', 'node', 'continuations', 'heredoc', 'users', 'bash-needed', 'bash-shell', 'arg-base', 'go-multistage']) {
		it(`${name}.Dockerfile → expected/${name}.alpine.Dockerfile`, () => {
			expect(convert(name).converted).toBe(read(`expected/${name}.alpine.Dockerfile`));
		});
	}
});

describe('convert: what changes and what does not', () => {
	it('python slim: base image, one apk layer, cleanup gone, everything else byte-identical', () => {
		const result = convert('python-slim');
		expect(result.converted).toContain('FROM python:3.11-alpine\n');
		expect(result.converted).not.toMatch(/apt|\/var\/lib\/apt/);
		// Lines 1, 3-7 (comment, ENV with continuation) and 17-24 are untouched.
		expect(changedOriginalLines(result)).toEqual([2, 8, 9, 10, 13, 14, 15]);
		const original = result.original.split('\n');
		const converted = result.converted.split('\n');
		expect(converted.slice(2, 7)).toEqual(original.slice(2, 7));
		expect(converted.slice(-9)).toEqual(original.slice(-9));
		expect(hasErrors(result)).toBe(false);
	});

	it('python slim: pip packages from requirements.txt are flagged with their cost, by version', () => {
		const messages = convert('python-slim').findings.filter(f => f.code === 'ALP502');
		expect(messages.map(f => [f.severity, f.message.split(':')[0]])).toEqual([
			['warning', 'pip psycopg2==2.9.9 (from requirements.txt)'],
			['warning', 'pip lxml==4.9.3 (from requirements.txt)'],
			['info', 'pip pandas (from requirements.txt)'],
		]);
		expect(messages[0]!.message).toContain('psycopg2-binary');
		expect(messages[1]!.message).toMatch(/may publish no musllinux wheel.*libxml2-dev/);
		// fastapi and uvicorn are pure Python or have wheels: not flagged.
		expect(messages.some(f => /fastapi|uvicorn/.test(f.message))).toBe(false);
	});

	it('node: g++ brings musl-dev, like Debian\'s g++ brings libc6-dev', () => {
		const result = convert('node');
		expect(result.converted).toContain('RUN apk add --no-cache python3 make g++ musl-dev git\n');
		expect(result.stages.map(s => [s.from, s.to, s.status])).toEqual([['node:20', 'node:20-alpine', 'converted']]);
	});

	it('go multi-stage: the scratch final stage is left alone, and static builds raise nothing', () => {
		const result = convert('go-multistage');
		expect(result.stages.map(s => s.status)).toEqual(['converted', 'scratch']);
		expect(changedOriginalLines(result)).toEqual([1]);
		expect(codes(result)).not.toContain('ALP104');
	});

	it('a scratch final stage fed by a dynamic musl build is warned about', () => {
		const text = 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n';
		const result = convertDockerfile(text, 'Dockerfile');
		expect(result.findings.find(f => f.code === 'ALP104')).toMatchObject({severity: 'warning', line: 4});
	});

	it('distroless final stage: left alone, with a warning that musl binaries need musl', () => {
		const result = convert('distroless');
		expect(result.stages.map(s => s.status)).toEqual(['converted', 'distroless']);
		expect(result.converted).toContain('FROM gcr.io/distroless/base-debian12\n');
		expect(result.findings.find(f => f.code === 'ALP104')).toMatchObject({severity: 'warning', line: 7});
	});

	it('heredocs: shebang to sh, apt lines to one apk add, bash installed for the [[ ]] script', () => {
		const result = convert('heredoc');
		expect(result.converted).toContain('RUN <<EOT\n#!/bin/sh\nset -eux\napk add --no-cache ca-certificates wget bash\nEOT\n');
		expect(result.converted).toContain("RUN <<'EOT' bash\nif [[");
		expect(result.findings.find(f => f.code === 'ALP301')?.message).toContain('[[ … ]]');
	});

	it('continuations: comment lines, `;` chains and unrelated rm paths survive', () => {
		const result = convert('continuations');
		expect(result.converted).toContain('    # tools for the entrypoint\n    apk add --no-cache \\\n');
		expect(result.converted).toContain('    rm -rf /tmp/*; \\\n    echo done\n');
		expect(result.converted).not.toContain('DEBIAN_FRONTEND=noninteractive apt');
		// The ARG line is not apt: it stays.
		expect(result.converted).toContain('ARG DEBIAN_FRONTEND=noninteractive\n');
	});

	it('ARG before FROM: the default is mapped, ${BASE_IMAGE} and ${NODE_VERSION} are kept', () => {
		const result = convert('arg-base');
		expect(result.stages.map(s => [s.from, s.to])).toEqual([
			['node:${NODE_VERSION}-bookworm-slim', 'node:20-alpine'],
			['${BASE_IMAGE}', 'python:3.12-alpine'],
		]);
		expect(result.changes.find(c => c.kind === 'arg-default')?.summary).toContain('a --build-arg still overrides it');
	});

	it('an image from an ARG without a default is flagged, not guessed', () => {
		const result = convertDockerfile('ARG BASE\nFROM ${BASE}\nRUN echo hi\n', 'Dockerfile');
		expect(result.converted).toBe('ARG BASE\nFROM ${BASE}\nRUN echo hi\n');
		expect(result.findings.find(f => f.code === 'ALP102')).toMatchObject({severity: 'error', line: 2});
	});

	it('SHELL bash with no bash feature becomes sh (busybox ash has pipefail); CMD bash -c too', () => {
		const result = convert('bash-shell');
		expect(result.converted).toContain('SHELL ["/bin/sh", "-o", "pipefail", "-c"]\n');
		expect(result.converted).toContain('CMD sh -c "echo ready && exec python -m http.server"\n');
		expect(codes(result)).not.toContain('ALP301');
	});

	it('SHELL bash kept when a RUN under it uses arrays: bash is installed before the SHELL', () => {
		const result = convert('bash-needed');
		expect(result.converted.split('\n').slice(0, 3)).toEqual(['FROM node:18-alpine', 'RUN apk add --no-cache bash', 'SHELL ["/bin/bash", "-c"]']);
		expect(result.findings.find(f => f.code === 'ALP301')?.message).toContain('arrays');
	});

	it('bash is appended to an earlier apk add when one runs before the need', () => {
		const text = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nCMD ["bash", "-c", "for f in {1..3}; do echo $f; done"]\n';
		const result = convertDockerfile(text, 'Dockerfile');
		expect(result.converted).toBe('FROM alpine:3.20\nRUN apk add --no-cache curl bash\nCMD ["bash", "-c", "for f in {1..3}; do echo $f; done"]\n');
	});

	it('useradd/groupadd and Debian adduser become busybox adduser/addgroup', () => {
		const result = convert('users');
		expect(result.converted).toContain('RUN addgroup -S -g 1001 app && adduser -D -S -h /home/app -s /bin/sh -u 1001 -G app -g "App user" app\n');
		expect(result.converted).toContain('RUN adduser -D -g "" worker\n');
	});

	it('unknown packages are kept and listed, and make the conversion fail', () => {
		const result = convert('unknown-packages');
		expect(result.converted).toContain('RUN apk add --no-cache curl libfrobnicate-dev weirdtool\n');
		expect(result.unknownPackages).toEqual([
			{package: 'libfrobnicate-dev', line: 2},
			{package: 'weirdtool', line: 2},
		]);
		expect(hasErrors(result)).toBe(true);
	});

	it('version pins are reported and dropped', () => {
		const result = convert('pins');
		expect(result.converted).toBe('FROM alpine:3.20\nRUN apk add --no-cache curl ca-certificates git\n');
		expect(result.pins).toEqual([
			{package: 'curl', version: '7.88.1-10+deb12u5', line: 2},
			{package: 'ca-certificates', version: '20230311', line: 2},
		]);
		expect(codes(result, 'warning')).toContain('ALP202');
		expect(hasErrors(result)).toBe(false);
	});

	it('glibc downloads are flagged, the lines themselves are not rewritten', () => {
		const result = convert('glibc-download');
		const glibc = result.findings.filter(f => f.code === 'ALP501');
		expect(glibc.map(f => f.line)).toEqual([3, 4]);
		expect(glibc[0]!.message).toMatch(/gcompat/);
		expect(glibc[1]!.message).toMatch(/manylinux.*wheel/);
		expect(changedOriginalLines(result)).toEqual([1, 2]);
	});

	it('an image without a known Alpine tag is flagged, and the file is left as is', () => {
		const result = convert('no-alpine-tag');
		expect(result.converted).toBe(result.original);
		expect(result.findings[0]).toMatchObject({code: 'ALP101', severity: 'error', line: 1});
		expect(result.stages[0]!.status).toBe('unmapped');
	});

	it('a stage on an unmapped image keeps its apt-get (it still runs on Debian)', () => {
		const text = 'FROM mysql:8.0\nRUN apt-get update && apt-get install -y curl\n';
		expect(convertDockerfile(text, 'Dockerfile').converted).toBe(text);
	});

	it('already-Alpine files are left alone', () => {
		const result = convert('already-alpine');
		expect(result.changed).toBe(false);
		expect(result.stages[0]!.status).toBe('alpine');
	});

	it('stage references stay untouched and follow their parent', () => {
		const text = 'FROM python:3.12-slim AS base\nRUN apt-get update && apt-get install -y gcc\nFROM base AS build\nRUN apt-get install -y libffi-dev\nFROM BASE\n';
		const result = convertDockerfile(text, 'Dockerfile');
		expect(result.converted).toBe('FROM python:3.12-alpine AS base\nRUN apk add --no-cache gcc musl-dev\nFROM base AS build\nRUN apk add --no-cache libffi-dev\nFROM BASE\n');
		expect(result.stages.map(s => s.status)).toEqual(['converted', 'stage', 'stage']);
	});

	it('digests are dropped with a note', () => {
		const result = convertDockerfile('FROM node:20-bookworm@sha256:0123abcd\n', 'Dockerfile');
		expect(result.converted).toBe('FROM node:20-alpine\n');
		expect(result.findings.find(f => f.code === 'ALP103')?.message).toContain('sha256:0123abcd');
	});

	it('two adjacent RUNs that were only apt installs become one layer', () => {
		const text = 'FROM debian:12\nRUN apt-get install -y curl\nRUN apt-get install -y git curl\nCMD ["sh"]\n';
		const result = convertDockerfile(text, 'Dockerfile');
		expect(result.converted).toBe('FROM alpine:3.20\nRUN apk add --no-cache curl git\nCMD ["sh"]\n');
		expect(result.changes.some(c => c.kind === 'merge')).toBe(true);
	});

	it('apk RUNs that cannot be merged are flagged (ALP601)', () => {
		const text = 'FROM debian:12\nRUN apt-get install -y curl\nWORKDIR /app\nRUN apt-get install -y git\n';
		const result = convertDockerfile(text, 'Dockerfile');
		expect(result.findings.find(f => f.code === 'ALP601')).toMatchObject({in: 'converted', line: 4});
	});

	it('lint: DL3019 for apk add without --no-cache, DL3057 without HEALTHCHECK, DL3018 for unpinned', () => {
		const text = 'FROM debian:12\nRUN apt-get install -y curl\nRUN apk add git\n';
		const result = convertDockerfile(text, 'Dockerfile');
		const lint = result.findings.filter(f => f.in === 'converted').map(f => `${f.code}:${f.line}`);
		expect(lint).toEqual(expect.arrayContaining(['DL3057:1', 'DL3018:2', 'DL3018:3', 'DL3019:3']));
		expect(lint).not.toContain('DL3019:2');
		expect(convert('python-slim').findings.some(f => f.code === 'DL3057')).toBe(false);
	});

	it('a HEALTHCHECK using curl without curl installed is warned about', () => {
		const text = 'FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n';
		expect(convertDockerfile(text, 'Dockerfile').findings.find(f => f.code === 'ALP603')).toMatchObject({severity: 'warning', line: 2});
	});

	it('Debian-only commands: locale-gen removed with a warning, apt-key is an error', () => {
		const text = 'FROM debian:12\nRUN locale-gen en_US.UTF-8 && echo ok\nRUN apt-key add /tmp/key.gpg\n';
		const result = convertDockerfile(text, 'Dockerfile');
		expect(result.converted).toBe('FROM alpine:3.20\nRUN echo ok\nRUN apt-key add /tmp/key.gpg\n');
		expect(result.findings.filter(f => f.in === 'original').map(f => [f.code, f.severity])).toEqual([['ALP205', 'warning']]);
		expect(result.findings.find(f => f.code === 'ALP207')).toMatchObject({severity: 'error', line: 3, in: 'converted', message: expect.stringMatching(/^apt-key: /)});
	});

	it('apt inside `||` or a compound keeps the shell valid (true stands in)', () => {
		const text = 'FROM debian:12\nRUN if [ -n "$X" ]; then apt-get update; fi && apt-get clean || true\n';
		expect(convertDockerfile(text, 'Dockerfile').converted).toBe('FROM alpine:3.20\nRUN if [ -n "$X" ]; then true; fi || true\n');
	});

	it('packages with no Alpine counterpart are dropped with a note; an install left empty goes away', () => {
		const text = 'FROM debian:12\nRUN apt-get update && apt-get install -y apt-transport-https && echo ok\n';
		const result = convertDockerfile(text, 'Dockerfile');
		expect(result.converted).toBe('FROM alpine:3.20\nRUN echo ok\n');
		expect(result.findings.find(f => f.code === 'ALP203')?.message).toContain('apt-transport-https');
	});

	it('a RUN left with nothing is removed with its line', () => {
		const text = 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n';
		expect(convertDockerfile(text, 'Dockerfile').converted).toBe('FROM alpine:3.20\nRUN apk add --no-cache curl\n');
	});

	it('escape directive: backtick continuations are understood', () => {
		const text = '# escape=`\nFROM debian:12\nRUN apt-get update `\n    && apt-get install -y curl\n';
		expect(convertDockerfile(text, 'Dockerfile').converted).toBe('# escape=`\nFROM alpine:3.20\nRUN apk add --no-cache curl\n');
	});
});

describe('convert: subshells', () => {
	it('apt inside `|| ( … )` keeps the group and its layout', () => {
		const text = [
			'FROM debian:bookworm-slim',
			'RUN command -v busybox >/dev/null \\',
			'    || (apt-get update \\',
			'        && apt-get install -y --no-install-recommends busybox \\',
			'        && rm -rf /var/lib/apt/lists/*)',
			'',
		].join('\n');
		expect(convertDockerfile(text, 'Dockerfile').converted).toBe(
			['FROM alpine:3.20', 'RUN command -v busybox >/dev/null \\', '    || (apk add --no-cache busybox)', ''].join('\n'),
		);
	});
});

describe('a FROM resolved with the build args compose passes', () => {
	const text = 'ARG PYTHON_VERSION=3.11\nFROM python:${PYTHON_VERSION}-slim-bookworm\nRUN echo hi\n';
	it('resolves over the ARG default, and writes the FROM with its variable kept', () => {
		const passed = convertDockerfile(text, 'Dockerfile', {buildArgs: {PYTHON_VERSION: '3.12'}});
		expect(passed.stages[0]).toMatchObject({to: 'python:3.12-alpine'});
		expect(passed.converted).toContain('FROM python:${PYTHON_VERSION}-alpine');
		expect(convertDockerfile(text, 'Dockerfile').stages[0]).toMatchObject({to: 'python:3.11-alpine'});
	});
});

describe('programs at another path on Alpine', () => {
	it("links Alpine's /sbin/tini at Debian's /usr/bin/tini, which the ENTRYPOINT names", () => {
		const result = convertDockerfile('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\nENTRYPOINT ["/usr/bin/tini", "--"]\n', 'Dockerfile');
		expect(result.converted).toContain('RUN apk add --no-cache tini && ln -s /sbin/tini /usr/bin/tini');
		expect(result.converted).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
		expect(result.changes.map(change => change.summary)).toContain("tini is /sbin/tini on Alpine: linked as /usr/bin/tini, Debian's path, which ENTRYPOINTs name");
	});
});
