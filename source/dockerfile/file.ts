/**
 * File-level conversion: read a Dockerfile, convert it, and (on request) write its Alpine variant
 * beside it. Shared by the headless command and the TUI screen.
 */
import {existsSync, readFileSync, realpathSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {convertDockerfile, hasErrors} from './convert.js';
import {unifiedEditDiff} from './diff.js';
import type {PackageMappings} from './packages.js';
import {DockerfileParseError, DockerfileTooLargeError, MAX_DOCKERFILE_BYTES} from './parse.js';
import type {ConversionResult} from './types.js';

/** `backend.Dockerfile` → `backend.alpine.Dockerfile`; `Dockerfile` → `Dockerfile.alpine`. */
export function alpineTargetPath(file: string): string {
	const dir = path.dirname(file);
	const base = path.basename(file);
	const m = /^(.*)\.(dockerfile)$/i.exec(base);
	const target = m && m[1] !== '' ? `${m[1]}.alpine.${m[2]}` : `${base}.alpine`;
	return dir === '.' && !file.startsWith('.') ? target : path.join(dir, target);
}

export type FileConversion =
	| {
			kind: 'converted';
			file: string;
			target: string;
			result: ConversionResult;
			diff: string;
			/** Error-level findings: something could not be converted. */
			failed: boolean;
			written: boolean;
			/** Why nothing was written although --write was given. */
			writeRefused?: string;
	  }
	| {kind: 'parse-error'; file: string; line: number; message: string}
	| {kind: 'unreadable'; file: string; message: string};

export type FileConversionOptions = {write?: boolean; force?: boolean; mappings?: PackageMappings};

/** What the converter reads of a context file is a script or a requirements list: larger ones (a jar, a tarball) are not read. */
const MAX_CONTEXT_FILE_BYTES = 1024 * 1024;

/**
 * Reads files of a build context for the converter (a script a RUN calls, say), never outside
 * `root`: neither by `..` in the name nor through a symbolic link that leads out of it.
 */
export function contextReader(root: string): (relative: string) => string | undefined {
	const base = path.resolve(root);
	const inside = (target: string, top: string) => target === top || target.startsWith(top + path.sep);
	let realBase: string | undefined;
	return relative => {
		const target = path.resolve(base, relative.replace(/^\/+/, ''));
		if (!inside(target, base)) return undefined;
		try {
			realBase ??= realpathSync(base);
			if (!inside(realpathSync(target), realBase) || statSync(target).size > MAX_CONTEXT_FILE_BYTES) return undefined;
			return readFileSync(target, 'utf8');
		} catch {
			return undefined;
		}
	};
}

export function convertFile(file: string, options: FileConversionOptions = {}): FileConversion {
	let text: string;
	try {
		// Refuse an oversized file before reading it into memory.
		const size = statSync(file).size;
		if (size > MAX_DOCKERFILE_BYTES) return {kind: 'unreadable', file, message: `${file}: ${new DockerfileTooLargeError(file, size).reason}`};
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return {kind: 'unreadable', file, message: code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(error)})`};
	}
	let result: ConversionResult;
	try {
		result = convertDockerfile(text, file, {readContextFile: contextReader(path.dirname(file)), mappings: options.mappings});
	} catch (error) {
		if (error instanceof DockerfileParseError) return {kind: 'parse-error', file, line: error.line, message: error.reason};
		throw error;
	}
	const target = alpineTargetPath(file);
	const diff = unifiedEditDiff(result.original, result.edits, `a/${path.basename(file)}`, `b/${path.basename(target)}`);
	const conversion: FileConversion = {kind: 'converted', file, target, result, diff, failed: hasErrors(result), written: false};
	if (options.write) {
		if (existsSync(target) && !options.force) {
			conversion.writeRefused = `${target} exists; use --force to overwrite it`;
		} else {
			writeFileSync(target, result.converted);
			conversion.written = true;
		}
	}
	return conversion;
}
