import {describe, expect, it} from 'vitest';
import {convertDockerfile} from '../../source/dockerfile/convert.js';

// A build context as a map of files; the converter reads it through readContextFile.
const context: Record<string, string> = {
	'entrypoint.sh': '#!/bin/bash\nset -euo pipefail\nexec "$@"\n',
	'docker/start.sh': '#!/usr/bin/env bash\n[[ -n "$X" ]] && echo x\n',
	'posix.sh': '#!/bin/sh\nexec "$@"\n',
	'bin/run': '#!/bin/bash\necho run\n',
};
const convert = (text: string) => convertDockerfile(text, 'Dockerfile', {readContextFile: file => context[file]});
const bashNotes = (text: string) => convert(text).findings.filter(finding => finding.message.startsWith('bash kept and installed'));

describe('bash scripts copied from the build context', () => {
	it('installs bash when a file copied by name starts with a bash shebang', () => {
		const result = convert('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n');
		expect(result.converted).toMatch(/apk add --no-cache[^\n]*\bbash\b/);
		expect(bashNotes(result.original).map(finding => finding.message)).toEqual([expect.stringContaining('entrypoint.sh (copied at line 3) starts with a bash shebang')]);
	});

	it('follows an exec-form ENTRYPOINT back through a directory copy under WORKDIR', () => {
		const result = convert('FROM debian:bookworm-slim\nWORKDIR /app\nCOPY docker/ ./\nENTRYPOINT ["./start.sh"]\n');
		expect(result.converted).toContain('RUN apk add --no-cache bash');
		expect(bashNotes(result.original)[0]?.message).toContain('from the build context\'s docker/start.sh');
	});

	it('leaves bash out for POSIX scripts, files from another stage, and a context it cannot read', () => {
		expect(convert('FROM debian:bookworm-slim\nCOPY posix.sh /posix.sh\nENTRYPOINT ["/posix.sh"]\n').converted).not.toContain('bash');
		expect(convert('FROM debian:bookworm-slim AS build\nFROM debian:bookworm-slim\nCOPY --from=build /entrypoint.sh /e.sh\n').converted).not.toContain('bash');
		expect(convertDockerfile('FROM debian:bookworm-slim\nCOPY entrypoint.sh /e.sh\n', 'Dockerfile').converted).not.toContain('bash');
	});

	it('does not add bash twice when the stage installs it already', () => {
		const result = convert('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y bash curl\nCOPY bin/run /usr/local/bin/run\n');
		expect(result.converted.match(/\bbash\b/g)).toHaveLength(1);
	});
});
