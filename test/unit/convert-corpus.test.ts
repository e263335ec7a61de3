/**
 * Golden tests over a corpus of Dockerfiles written for alpinist (not copies of public files), one
 * per shape that real Dockerfiles take: each converts to its expected file with its expected errors
 * and warnings. A file with no error is "clean"; one with errors is "flagged" (exit 1). Beside the
 * golden comparison, an independent check (its own patterns, not the converter's) holds that no
 * clean file still runs a Debian tool or downloads a glibc build in a stage that runs on Alpine:
 * nothing is silently wrong.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {convertDockerfile, hasErrors} from '../../source/dockerfile/convert.js';
import {parseMappings} from '../../source/dockerfile/mappings.js';
import type {ConversionResult} from '../../source/dockerfile/types.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dockerfiles', 'corpus');
const files = readdirSync(dir).filter(f => f.endsWith('.Dockerfile')).sort();

function convert(file: string): ConversionResult {
	const text = readFileSync(path.join(dir, file), 'utf8');
	const mappingsFile = path.join(dir, file.replace(/\.Dockerfile$/, '.mappings.json'));
	const mappings = existsSync(mappingsFile) ? parseMappings(readFileSync(mappingsFile, 'utf8'), path.basename(mappingsFile)) : undefined;
	const readContextFile = (relative: string) => {
		try {
			return readFileSync(path.join(dir, relative), 'utf8');
		} catch {
			return undefined;
		}
	};
	return convertDockerfile(text, file, {readContextFile, mappings});
}

const summary = (result: ConversionResult) =>
	result.findings.filter(f => f.severity !== 'info' && f.code !== 'DL3018').map(f => `${f.severity} ${f.code} ${f.in}:${f.line} ${f.message.split(':')[0]!.slice(0, 80)}`);

/** Independent of the converter: Debian tools and glibc downloads, by their names. */
const DEBIAN = /(?:^|[\s;&|(`])(?:apt-get|apt|apt-mark|apt-key|apt-cache|dpkg|dpkg-query|update-alternatives|locale-gen|useradd|groupadd|usermod|userdel|groupdel|debconf-set-selections|systemctl)(?=\s|$)/m;
const GLIBC_DOWNLOAD = /linux-gnu|manylinux|hugo_extended|chrome-for-testing|chrome-linux64|miniconda|micromamba|anaconda|nodesource|\.deb\b|\/etc\/apt\//;

function stagesOnAlpine(text: string): string[] {
	// The RUN text of every stage whose FROM is Alpine (alpine or *-alpine* tags).
	const out: string[] = [];
	let onAlpine = false;
	for (const block of text.split(/\n(?=[A-Z]+\s)/)) {
		const from = /^FROM\s+(?:--\S+\s+)?(\S+)/.exec(block);
		if (from) onAlpine = /(?:^|\/)alpine(?::|$)|-alpine|:alpine/.test(from[1]!);
		else if (onAlpine && /^RUN\s/.test(block)) out.push(block.split('\n').filter(l => !/^\s*#/.test(l)).join('\n'));
	}
	return out;
}

describe('conversion corpus (golden)', () => {
	it('the independent check itself sees Debian tools and glibc downloads', () => {
		expect(stagesOnAlpine('FROM alpine:3.20\nRUN apk add x && xargs apt-get install -y\n').some(r => DEBIAN.test(r))).toBe(true);
		expect(stagesOnAlpine('FROM debian:12\nRUN apt-get install -y x\n')).toEqual([]);
		expect(stagesOnAlpine('FROM python:3.12-alpine\nRUN X="$(dpkg --print-architecture)"\n').some(r => DEBIAN.test(r))).toBe(true);
		expect(GLIBC_DOWNLOAD.test('curl -O https://x/hugo_extended_0.1_linux-amd64.tar.gz')).toBe(true);
	});

	it('DL3018 lists a heredoc\'s packages, not its EOF', () => {
		const pins = convert('heredoc-apt.Dockerfile').findings.filter(f => f.code === 'DL3018');
		expect(pins.map(f => f.message)).toEqual([expect.stringContaining('(curl, jq)')]);
		expect(pins[0]!.message).not.toContain('EOF');
	});

	it('has a file for each shape', () => {
		expect(files.length).toBeGreaterThanOrEqual(35);
	});

	for (const file of files) {
		const base = file.replace(/\.Dockerfile$/, '');
		it(`${file} → expected/${base}.alpine.Dockerfile`, () => {
			const result = convert(file);
			expect(result.converted).toBe(readFileSync(path.join(dir, 'expected', `${base}.alpine.Dockerfile`), 'utf8'));
			const findings = readFileSync(path.join(dir, 'expected', `${base}.findings`), 'utf8').split('\n').filter(Boolean);
			expect(summary(result)).toEqual(findings);
			// Every error names its line and says what to do.
			for (const f of result.findings.filter(f => f.severity === 'error')) {
				expect(f.line).toBeGreaterThan(0);
				expect(f.message.length).toBeGreaterThan(30);
			}
		});
	}

	it('none is silently wrong: a clean conversion runs no Debian tool and downloads no glibc build on Alpine', () => {
		const clean = files.filter(file => !hasErrors(convert(file)));
		const flagged = files.filter(file => hasErrors(convert(file)));
		expect(clean.length + flagged.length).toBe(files.length);
		for (const file of clean) {
			const converted = convert(file).converted;
			for (const run of stagesOnAlpine(converted)) {
				expect(DEBIAN.test(run), `${file}: ${run}`).toBe(false);
				expect(GLIBC_DOWNLOAD.test(run), `${file}: ${run}`).toBe(false);
			}
		}
		// The counts the README quotes; a change in either is a change in behaviour to look at.
		expect({clean: clean.length, flagged: flagged.length}).toEqual({clean: 18, flagged: 19});
	});
});
