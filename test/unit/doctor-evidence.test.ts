import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {diagnosisRows, wrapText} from '../../source/components/DiagnosisView.js';
import {compareVersions} from '../../source/docker/elf.js';
import {programOrigin} from '../../source/flows/doctor/dockerfile-origin.js';
import {alpineDockerfileFor, withTag} from '../../source/flows/doctor/missing-images.js';
import {matchSignatures, quoteMatches} from '../../source/flows/doctor/signatures.js';
import {alignedLines, alignTests} from '../../source/flows/doctor/test-diff.js';

// What the sample's broken backend logs on musl (start.sh, then musl's ldd).
const brokenLog = [
	'backend: starting /opt/backend/bin/busybox nc on :8002',
	'/app/start.sh: line 11: /opt/backend/bin/busybox: not found',
	'backend: /opt/backend/bin/busybox exited with status 127; what its loader says:',
	'\t/lib64/ld-linux-x86-64.so.2 (0x7f7273f61000)',
	'Error loading shared library libresolv.so.2: No such file or directory (needed by /opt/backend/bin/busybox)',
	'\tlibc.so.6 => /lib64/ld-linux-x86-64.so.2 (0x7f7273f61000)',
	'Error relocating /opt/backend/bin/busybox: __strcat_chk: symbol not found',
	'Error relocating /opt/backend/bin/busybox: __snprintf_chk: symbol not found',
	'Error relocating /opt/backend/bin/busybox: mallopt: symbol not found',
];

describe('log evidence', () => {
	it('quotes the most telling line of each signature once, counting the rest, and names the program', () => {
		const matches = matchSignatures(brokenLog);
		expect(matches.find(match => match.signature.id === 'shared-library')?.path).toBe('/opt/backend/bin/busybox');
		expect(matches.find(match => match.signature.id === 'relocating')?.path).toBe('/opt/backend/bin/busybox');
		expect(quoteMatches(matches)).toEqual([
			'log: /app/start.sh: line 11: /opt/backend/bin/busybox: not found',
			'log: libc.so.6 => /lib64/ld-linux-x86-64.so.2 (0x7f7273f61000)',
			'log: Error loading shared library libresolv.so.2: No such file or directory (needed by /opt/backend/bin/busybox)',
			'log: /lib64/ld-linux-x86-64.so.2 (0x7f7273f61000)',
			'log: Error relocating /opt/backend/bin/busybox: __strcat_chk: symbol not found  (+2 more such lines)',
		]);
	});

	it('orders glibc symbol versions by number', () => {
		expect(['GLIBC_2.34', 'GLIBC_2.9', 'GLIBC_2.2.5', 'GLIBC_2.14'].sort(compareVersions)).toEqual(['GLIBC_2.2.5', 'GLIBC_2.9', 'GLIBC_2.14', 'GLIBC_2.34']);
	});
});

const multiStage = `ARG REGULAR_BASE=debian:bookworm-slim
ARG BASE_IMAGE=alpine:3.20

FROM \${REGULAR_BASE} AS build
RUN make tool

FROM \${BASE_IMAGE}
COPY --from=build /src/tool /usr/local/bin/tool
CMD ["tool"]
`;

describe('the Dockerfile line that brings the program in', () => {
	it('names the COPY --from line and the stage it comes from, and moves that stage to the final base', () => {
		const origin = programOrigin(multiStage, 'docker/tool.alpine.Dockerfile', '/usr/local/bin/tool', {REGULAR_BASE: 'debian:bookworm'});
		expect(origin.lines).toEqual([
			'docker/tool.alpine.Dockerfile:8: COPY --from=build /src/tool /usr/local/bin/tool  (copies the program from stage "build" into the final stage, which runs on ${BASE_IMAGE} = alpine:3.20)',
			'docker/tool.alpine.Dockerfile:4: FROM ${REGULAR_BASE} AS build  (stage "build" builds it on ${REGULAR_BASE} = debian:bookworm)',
		]);
		expect(origin.patch?.split('\n').slice(2)).toEqual(['@@ line 4: build the program on the final stage\'s (musl) base @@', '-FROM ${REGULAR_BASE} AS build', '+FROM ${BASE_IMAGE} AS build']);
		expect(origin.change).toMatch(/^line 4: build stage "build" on \$\{BASE_IMAGE\}/);
	});

	it('matches a COPY into a directory by the file name', () => {
		const text = 'FROM alpine:3.20\nCOPY bin/tool /usr/local/bin/\n';
		const origin = programOrigin(text, 'Dockerfile', '/usr/local/bin/tool');
		expect(origin.lines).toEqual(['Dockerfile:2: COPY bin/tool /usr/local/bin/  (copies a prebuilt program from the build context into the final stage)']);
		expect(origin.patch).toContain(' FROM alpine:3.20\n+RUN apk add --no-cache gcompat');
	});

	it('says so when no line of the final stage names the program', () => {
		const origin = programOrigin('FROM alpine:3.20\nRUN echo hi\n', 'Dockerfile', '/opt/x');
		expect(origin.lines).toEqual(['Dockerfile:1: FROM alpine:3.20  (the final stage; no line of it names /opt/x)']);
	});
});

describe('test outputs aligned by test', () => {
	it('takes timings and failure reasons off the names', () => {
		const regular = ['ok 1 - backend health (12 ms)', 'ok 2 - search finds the item (30 ms)', '2 passed, 0 failed'];
		const alpine = ['ok 1 - backend health (9 ms)', 'not ok 2 - search finds the item: HTTP 500: {"error":"search failed"}', '1 passed, 1 failed'];
		const aligned = alignTests(regular, alpine);
		expect(aligned).toEqual([
			{name: 'backend health', regular: 'pass', alpine: 'pass', differs: false},
			{name: 'search finds the item', regular: 'pass', alpine: 'fail', alpineDetail: 'HTTP 500: {"error":"search failed"}', differs: true},
		]);
		expect(alignedLines(aligned)).toEqual([
			'  test                   regular  Alpine',
			'= backend health         pass     pass',
			'≠ search finds the item  pass     fail    HTTP 500: {"error":"search failed"}',
		]);
	});
});

describe('missing images', () => {
	it('adds :latest only where there is no tag (a registry port is no tag)', () => {
		expect(withTag('app')).toBe('app:latest');
		expect(withTag('app:1.2')).toBe('app:1.2');
		expect(withTag('registry:5000/app')).toBe('registry:5000/app:latest');
		expect(withTag('app@sha256:abc')).toBe('app@sha256:abc');
	});

	it('finds a service\'s Alpine Dockerfile by the guide\'s naming', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-dockerfiles-'));
		try {
			mkdirSync(path.join(dir, 'docker'));
			writeFileSync(path.join(dir, 'docker', 'backend.alpine.Dockerfile'), 'FROM alpine:3.20\n');
			expect(alpineDockerfileFor('backend', [dir, path.join(dir, 'docker')])).toBe(path.join(dir, 'docker', 'backend.alpine.Dockerfile'));
			expect(alpineDockerfileFor('auth', [dir, path.join(dir, 'docker')])).toBeUndefined();
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('the diagnosis as screen rows', () => {
	it('wraps long lines at spaces, labels only the first piece, and colours the patch', () => {
		expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
		expect(wrapText('x'.repeat(10), 4)).toEqual(['xxxx', 'xxxx', 'xx']);
		const rows = diagnosisRows(
			{
				id: 'musl-glibc',
				title: 'glibc on musl',
				symptom: 'not found',
				status: 'problem',
				findings: [{severity: 'problem', subject: 'backend', evidence: ['log: one two three four'], cause: 'c', fix: ['f'], patch: '--- a\n+++ a\n-FROM x\n+FROM y'}],
			},
			9 + 12,
		);
		expect(rows.filter(row => row.label === 'evidence' || row.label === '').map(row => row.text)).toEqual(['log: one two', 'three four']);
		expect(rows.filter(row => row.label === 'patch').map(row => row.color)).toEqual([undefined, undefined, 'red', 'green']);
	});
});
