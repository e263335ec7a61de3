import {describe, expect, it} from 'vitest';
import {readDockerfile} from '../../../source/flows/checks/dockerfile-info.js';

describe('readDockerfile', () => {
	it('resolves FROM with ARG defaults, overridden by build args', () => {
		const text = 'ARG BASE=alpine:3.20\nFROM ${BASE} AS build\nRUN true\nFROM build\n';
		expect(readDockerfile(text).bases).toEqual([{image: 'alpine:3.20', raw: '${BASE}', line: 2, unresolved: []}]);
		expect(readDockerfile(text, {BASE: 'alpinist-base/musl:busybox'}).bases[0].image).toBe('alpinist-base/musl:busybox');
	});

	it('skips stages and scratch, reports ARGs without value', () => {
		const info = readDockerfile('ARG IMG\nFROM ${IMG}\nFROM scratch\n');
		expect(info.bases).toEqual([{image: '', raw: '${IMG}', line: 2, unresolved: ['IMG']}]);
	});

	it('finds the final stage healthcheck, NONE, or what it inherits', () => {
		expect(readDockerfile('FROM a\nHEALTHCHECK CMD true\n').healthcheck).toEqual({kind: 'cmd', line: 2});
		expect(readDockerfile('FROM a\nHEALTHCHECK NONE\n').healthcheck).toEqual({kind: 'none', line: 2});
		// A healthcheck of an earlier, unrelated stage does not count.
		expect(readDockerfile('FROM a AS one\nHEALTHCHECK CMD true\nFROM b\n').healthcheck).toEqual({kind: 'inherited', from: 'b', fromStage: false});
		// A stage built on a stage inherits its healthcheck.
		expect(readDockerfile('FROM a AS one\nHEALTHCHECK CMD true\nFROM one\nRUN x\n').healthcheck).toEqual({kind: 'cmd', line: 2});
	});
});
