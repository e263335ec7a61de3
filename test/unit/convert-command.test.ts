import {chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {convert} from '../../source/commands/convert.js';
import type {CommandContext} from '../../source/commands/types.js';
import {convertDockerfile} from '../../source/dockerfile/convert.js';
import {alpineTargetPath} from '../../source/dockerfile/file.js';
import {DockerfileTooLargeError, MAX_DOCKERFILE_BYTES} from '../../source/dockerfile/parse.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dockerfiles');
let work: string;

beforeAll(() => {
	work = mkdtempSync(path.join(tmpdir(), 'alpinist-convert-'));
});
afterAll(() => rmSync(work, {recursive: true, force: true}));
afterEach(() => vi.unstubAllEnvs());

function collect() {
	const stream = new PassThrough();
	let text = '';
	stream.on('data', chunk => (text += String(chunk)));
	return {stream, text: () => text};
}

async function run(args: string[], flags: {json?: boolean; write?: boolean; force?: boolean; mappings?: string} = {}) {
	const stdout = collect();
	const stderr = collect();
	const context: CommandContext = {
		args,
		flags: {json: flags.json ?? false, yes: false, dryRun: false, forceRebuild: false, write: flags.write ?? false, force: flags.force ?? false, mappings: flags.mappings},
		mode: flags.json ? 'json' : 'plain',
		stdout: stdout.stream,
		stderr: stderr.stream,
		signal: new AbortController().signal,
	};
	const code = await convert.run(context);
	return {code, stdout: stdout.text(), stderr: stderr.text()};
}

/** A copy of a fixture in the temp dir, so --write has somewhere to write. */
function copy(name: string, as = name): string {
	const target = path.join(work, as);
	copyFileSync(path.join(fixtures, name), target);
	return target;
}

describe('alpinist convert', () => {
	it('names the Alpine variant beside the original', () => {
		expect(alpineTargetPath('docker/backend.Dockerfile')).toBe(path.join('docker', 'backend.alpine.Dockerfile'));
		expect(alpineTargetPath('Dockerfile')).toBe('Dockerfile.alpine');
		expect(alpineTargetPath('/srv/app/Dockerfile')).toBe('/srv/app/Dockerfile.alpine');
		expect(alpineTargetPath('api.dockerfile')).toBe('api.alpine.dockerfile');
	});

	it('plain mode prints the diff, one line per finding and a summary; writes nothing', async () => {
		const file = copy('node.Dockerfile', 'plain.Dockerfile');
		const {code, stdout} = await run([file]);
		expect(code).toBe(0);
		expect(stdout).toContain(`--- a/plain.Dockerfile\n+++ b/plain.alpine.Dockerfile\n`);
		expect(stdout).toContain('-FROM node:20\n+FROM node:20-alpine\n');
		expect(stdout).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: info ALP203 g\\+\\+ → g\\+\\+ musl-dev`, 'm'));
		expect(stdout).toMatch(/plain\.alpine\.Dockerfile:1: info DL3057 HEALTHCHECK instruction missing/);
		expect(stdout).toMatch(/^4 changes; 0 errors, 1 warning, 3 notes$/m);
		expect(stdout).toContain('Not written; run with --write');
		expect(stdout).not.toContain('\u001B['); // not a TTY: no color
		expect(existsSync(path.join(work, 'plain.alpine.Dockerfile'))).toBe(false);
	});

	it('--write creates the variant, refuses to overwrite it, and --force overwrites', async () => {
		const file = copy('pins.Dockerfile', 'Dockerfile');
		const target = path.join(work, 'Dockerfile.alpine');
		const first = await run([file], {write: true});
		expect(first.code).toBe(0);
		expect(readFileSync(target, 'utf8')).toBe('FROM alpine:3.20\nRUN apk add --no-cache curl ca-certificates git\n');
		expect(first.stdout).toContain(`Wrote ${target}`);

		writeFileSync(target, 'hand edited\n');
		const second = await run([file], {write: true});
		expect(second.code).toBe(1);
		expect(second.stderr).toContain('exists; use --force');
		expect(readFileSync(target, 'utf8')).toBe('hand edited\n');

		const third = await run([file], {write: true, force: true});
		expect(third.code).toBe(0);
		expect(readFileSync(target, 'utf8')).toBe('FROM alpine:3.20\nRUN apk add --no-cache curl ca-certificates git\n');
	});

	it('--json prints one document with the converted text, changes, findings, unknown packages and pins', async () => {
		vi.stubEnv('PATH', '/nonexistent');
		const file = copy('unknown-packages.Dockerfile', 'json.Dockerfile');
		const {code, stdout, stderr} = await run([file], {json: true});
		expect(code).toBe(1);
		expect(stderr).toBe('');
		const doc = JSON.parse(stdout);
		expect(Object.keys(doc)).toEqual([
			'file', 'target', 'ok', 'exitCode', 'changed', 'written', 'summary', 'stages', 'changes', 'findings',
			'unknownPackages', 'pins', 'converted', 'diff', 'hadolint', 'hadolintSkipped',
		]);
		expect(doc).toMatchObject({
			file,
			target: path.join(work, 'json.alpine.Dockerfile'),
			ok: false,
			exitCode: 1,
			changed: true,
			written: false,
			summary: {errors: 2, unknownPackages: 2, pins: 0},
			unknownPackages: [{package: 'libfrobnicate-dev', line: 2}, {package: 'weirdtool', line: 2}],
			hadolint: null,
			hadolintSkipped: 'hadolint not found on PATH',
		});
		expect(doc.converted).toContain('apk add --no-cache curl libfrobnicate-dev weirdtool');
		expect(doc.findings[0]).toEqual({code: 'ALP201', severity: 'error', line: 2, in: 'original', message: expect.stringContaining('libfrobnicate-dev')});
		expect(doc.stages).toEqual([{index: 0, line: 1, from: 'python:3.11-slim', to: 'python:3.11-alpine', status: 'converted'}]);
	});

	it('includes hadolint JSON when hadolint is on PATH', async () => {
		const bin = path.join(work, 'bin');
		rmSync(bin, {recursive: true, force: true});
		const {mkdirSync} = await import('node:fs');
		mkdirSync(bin);
		const stub = path.join(bin, 'hadolint');
		// Echoes what it was given on stdin into the finding, to prove the converted text was piped.
		writeFileSync(stub, '#!/bin/sh\nfirst=$(head -n 1)\nprintf \'[{"line":1,"code":"DL3006","level":"warning","message":"%s"}]\' "$first"\nexit 1\n');
		chmodSync(stub, 0o755);
		vi.stubEnv('PATH', `${bin}${path.delimiter}${process.env.PATH ?? ''}`);
		const file = copy('pins.Dockerfile', 'hadolint.Dockerfile');
		const {code, stdout} = await run([file], {json: true});
		const doc = JSON.parse(stdout);
		expect(code).toBe(0);
		expect(doc.hadolint).toEqual({exitCode: 1, findings: [{line: 1, code: 'DL3006', level: 'warning', message: 'FROM alpine:3.20'}]});
		expect(doc.hadolintSkipped).toBeUndefined();
		const plain = await run([file]);
		expect(plain.stdout).toContain('hadolint.alpine.Dockerfile:1: warning DL3006 FROM alpine:3.20 (hadolint)');
	});

	it('an image with no Alpine tag exits 1', async () => {
		const {code, stdout} = await run([copy('no-alpine-tag.Dockerfile')]);
		expect(code).toBe(1);
		expect(stdout).toContain('nothing to change');
		expect(stdout).toMatch(/no-alpine-tag\.Dockerfile:1: error ALP101 mysql:8\.0/);
	});

	it('an unparsable Dockerfile exits 2 naming file and line, and nothing is written', async () => {
		const file = copy('unparsable.Dockerfile');
		const plain = await run([file], {write: true, force: true});
		expect(plain.code).toBe(2);
		expect(plain.stderr).toBe(`${file}:3: unknown instruction "&&"\nNothing written.\n`);
		expect(existsSync(path.join(work, 'unparsable.alpine.Dockerfile'))).toBe(false);
		const json = await run([file], {json: true});
		expect(json.code).toBe(2);
		expect(JSON.parse(json.stdout)).toEqual({file, ok: false, exitCode: 2, error: {line: 3, message: `${file}:3: unknown instruction "&&"`}});
	});

	it('usage errors exit 2', async () => {
		expect((await run([])).code).toBe(2);
		expect((await run(['a', 'b'])).code).toBe(2);
		const missing = await run([path.join(work, 'nope.Dockerfile')]);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain('no such file');
	});

	it('a Dockerfile over the size limit exits 2 with a clear error, before it is read', async () => {
		const file = path.join(work, 'huge.Dockerfile');
		writeFileSync(file, 'FROM debian:12\n');
		truncateSync(file, MAX_DOCKERFILE_BYTES + 1);
		const plain = await run([file], {write: true});
		expect(plain.code).toBe(2);
		expect(plain.stderr).toBe(`${file}: 32.0 MiB is over the 32.0 MiB limit for a Dockerfile; nothing was converted\nNothing written.\n`);
		expect(existsSync(alpineTargetPath(file))).toBe(false);
		const json = await run([file], {json: true});
		expect(json.code).toBe(2);
		expect(JSON.parse(json.stdout)).toMatchObject({ok: false, exitCode: 2, error: {message: expect.stringContaining('over the 32.0 MiB limit')}});
		// Just under the limit is converted (a comment pads it).
		writeFileSync(file, `FROM debian:12\n#${'x'.repeat(MAX_DOCKERFILE_BYTES - 40)}\nRUN true\n`);
		expect((await run([file])).code).toBe(0);
	});

	it('convertDockerfile refuses text over the limit with a parse error', () => {
		expect(() => convertDockerfile(`FROM debian:12\n#${'x'.repeat(MAX_DOCKERFILE_BYTES)}\n`, 'Dockerfile')).toThrow(DockerfileTooLargeError);
	});

	it('--json gives each change its line, before, after and rule', async () => {
		const file = path.join(work, 'changes.Dockerfile');
		writeFileSync(file, 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq-dev gosu\n');
		const json = JSON.parse((await run([file], {json: true})).stdout);
		expect(json.changes).toEqual(
			expect.arrayContaining([
				expect.objectContaining({line: 1, rule: 'base-image', before: 'python:3.12-slim', after: 'python:3.12-alpine'}),
				expect.objectContaining({line: 2, rule: 'apt-cleanup', before: 'apt-get update', after: ''}),
				expect.objectContaining({line: 2, rule: 'packages', before: 'gosu', after: 'su-exec && ln -s /sbin/su-exec /usr/local/bin/gosu'}),
			]),
		);
		for (const change of json.changes) expect(Object.keys(change).sort()).toEqual(['after', 'before', 'kind', 'line', 'rule', 'summary']);
	});

	it('--mappings FILE adds a team\'s own names; without it, an unknown package stays an error', async () => {
		const file = path.join(work, 'team.Dockerfile');
		writeFileSync(file, 'FROM debian:12\nRUN apt-get install -y acme-agent curl\n');
		const without = await run([file]);
		expect(without.code).toBe(1);
		expect(without.stdout).toContain('unknown package acme-agent');
		const mappings = path.join(work, 'mappings.json');
		writeFileSync(mappings, JSON.stringify({'acme-agent': ['acme-agent', 'ca-certificates']}));
		const withMappings = await run([file], {json: true, mappings});
		expect(withMappings.code).toBe(0);
		expect(JSON.parse(withMappings.stdout).converted).toBe('FROM alpine:3.20\nRUN apk add --no-cache acme-agent ca-certificates curl\n');
	});

	it('a bad --mappings file exits 2 naming the file and what is wrong', async () => {
		const file = copy('python-slim.Dockerfile', 'm.Dockerfile');
		const bad = path.join(work, 'bad.json');
		writeFileSync(bad, '{"libfoo-dev": 3}');
		const plain = await run([file], {mappings: bad});
		expect(plain.code).toBe(2);
		expect(plain.stderr).toMatch(new RegExp(`^${bad} at "libfoo-dev": .*expected \\{"debian-name"`));
		writeFileSync(bad, 'not json');
		const json = await run([file], {json: true, mappings: bad});
		expect(json.code).toBe(2);
		expect(JSON.parse(json.stdout)).toMatchObject({ok: false, exitCode: 2, error: {message: expect.stringContaining('not JSON')}});
		expect((await run([file], {mappings: path.join(work, 'missing.json')})).stderr).toContain('no such file');
	});
});
