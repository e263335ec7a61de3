import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseTar} from '../../source/docker/archive.js';
import {isElf, parseElf} from '../../source/docker/elf.js';
import {declaredTmpfs} from '../../source/flows/doctor/performance.js';
import {parseResolvConf, toolsUsed} from '../../source/flows/doctor/pitfalls.js';
import {matchSignatures, programOf} from '../../source/flows/doctor/signatures.js';
import {alignTests, errorLines} from '../../source/flows/doctor/test-diff.js';
import {doctorFails} from '../../source/flows/doctor/types.js';

describe('glibc-on-musl signatures', () => {
	it('finds each signature in log lines and quotes the line', () => {
		const lines = [
			'starting report-gen',
			'/bin/sh: /usr/local/bin/report-gen: not found',
			'Error loading shared library libc.so.6: No such file or directory (needed by /app/tool)',
			'/app/tool: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34\' not found (required by /app/tool)',
			'Error relocating /app/tool: __snprintf_chk: symbol not found',
			'ERROR: Could not find a version that satisfies the requirement grpcio (musllinux)',
			'all good',
		];
		const matches = matchSignatures(lines);
		expect(matches.map(match => match.signature.id)).toEqual(['not-found', 'libc.so.6', 'libc.so.6', 'relocating', 'musllinux']);
		expect(matches[0].path).toBe('/usr/local/bin/report-gen');
		expect(matches[0].line).toBe('/bin/sh: /usr/local/bin/report-gen: not found');
		expect(matchSignatures(['GET /health 200', 'not found in cache'])).toEqual([]);
	});

	it('finds the program a container runs, through sh -c', () => {
		expect(programOf(['/entrypoint.sh'], ['serve'])).toBe('/entrypoint.sh');
		expect(programOf(null, ['sh', '-c', 'report-gen --port 80 && wait'])).toBe('report-gen');
		expect(programOf(undefined, 'httpd -f -p 80')).toBe('httpd');
	});
});

describe('ELF reading', () => {
	it('tells a dynamically linked glibc program by its interpreter and libc.so.6', () => {
		const elf = parseElf(readFileSync(process.execPath));
		expect(elf?.bits).toBe(64);
		expect(elf?.interpreter).toMatch(/ld-linux/);
		expect(elf?.needed).toContain('libc.so.6');
		expect(elf?.libc).toBe('glibc');
	});

	it('calls a program without interpreter or needed libraries static, and rejects non-ELF data', () => {
		const header = Buffer.alloc(64);
		header.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
		expect(parseElf(header)).toMatchObject({interpreter: undefined, needed: [], libc: 'static'});
		expect(isElf(Buffer.from('#!/bin/sh\necho hi\n'))).toBe(false);
		expect(parseElf(Buffer.from('#!/bin/sh'))).toBeUndefined();
	});
});

describe('tar reading (the engine\'s archive API answers)', () => {
	it('reads files, symlinks and long names', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-tar-'));
		writeFileSync(path.join(dir, 'os-release'), 'ID=alpine\nVERSION_ID=3.20.0\n');
		symlinkSync('os-release', path.join(dir, 'link'));
		const long = `${'d'.repeat(120)}.txt`;
		writeFileSync(path.join(dir, long), 'long');
		const tar = execFileSync('tar', ['-C', dir, '--format=gnu', '-cf', '-', 'os-release', 'link', long]);
		const entries = parseTar(tar);
		expect(entries.map(entry => [entry.name, entry.type])).toEqual([
			['os-release', 'file'],
			['link', 'symlink'],
			[long, 'file'],
		]);
		expect(entries[0].data.toString()).toBe('ID=alpine\nVERSION_ID=3.20.0\n');
		expect(entries[1].linkName).toBe('os-release');
		expect(entries[2].data.toString()).toBe('long');
	});
});

describe('pitfall readers', () => {
	it('reads ndots and search domains from resolv.conf', () => {
		expect(parseResolvConf('nameserver 127.0.0.11\noptions ndots:0\n')).toEqual({ndots: 0, search: [], nameservers: ['127.0.0.11']});
		expect(parseResolvConf('search svc.cluster.local cluster.local\nnameserver 10.0.0.10\noptions ndots:5 timeout:1\n')).toEqual({
			ndots: 5,
			search: ['svc.cluster.local', 'cluster.local'],
			nameservers: ['10.0.0.10'],
		});
	});

	it('sees bash and git used in commands and Dockerfile lines', () => {
		expect(toolsUsed('["CMD-SHELL","bash -c \'curl -f localhost\'"]')).toEqual(['bash']);
		expect(toolsUsed('RUN git clone https://example.com/x\nSHELL ["/bin/bash", "-c"]')).toEqual(['bash', 'git']);
		expect(toolsUsed('RUN apk add --no-cache curl && echo bashful')).toEqual([]);
	});

	it('reads tmpfs targets from compose service definitions', () => {
		expect(declaredTmpfs({tmpfs: ['/tmp', '/var/cache:size=64m']})).toEqual(['/tmp', '/var/cache']);
		expect(declaredTmpfs({tmpfs: '/tmp'})).toEqual(['/tmp']);
		expect(declaredTmpfs({})).toEqual([]);
	});
});

describe('test output aligned by test', () => {
	it('pairs results by name and marks the ones that differ', () => {
		const regular = ['TAP version 13', 'ok 1 - backend health (70 ms)', 'ok 2 - store item', 'ok 3 - token # time=12ms', '3 passed, 0 failed'];
		const alpine = ['ok 1 - backend health (8 ms)', 'not ok 2 - store item', 'ok 3 - token # time=3ms', 'ok 4 - extra', '3 passed, 1 failed'];
		expect(alignTests(regular, alpine)).toEqual([
			{name: 'backend health', regular: 'pass', alpine: 'pass', differs: false},
			{name: 'store item', regular: 'pass', alpine: 'fail', differs: true},
			{name: 'token', regular: 'pass', alpine: 'pass', differs: false},
			{name: 'extra', regular: undefined, alpine: 'pass', differs: true},
		]);
		expect(errorLines(['GET / 200', 'ERROR: db down', 'no errors here', 'Fatal: x'])).toEqual(['ERROR: db down', 'Fatal: x']);
	});
});

describe('doctorFails (the exit code of doctor)', () => {
	const of = (...statuses: Array<'problem' | 'warning' | 'ok' | 'not-applicable'>) => statuses.map(status => ({status}));
	it('fails on a problem, by default and with --fail-on warning', () => {
		expect(doctorFails(of('ok', 'problem'))).toBe(true);
		expect(doctorFails(of('problem'), 'warning')).toBe(true);
	});

	it('a warning fails only with --fail-on warning; ok and not-applicable never do', () => {
		expect(doctorFails(of('warning', 'ok'))).toBe(false);
		expect(doctorFails(of('warning', 'ok'), 'warning')).toBe(true);
		expect(doctorFails(of('ok', 'not-applicable'), 'warning')).toBe(false);
	});
});
