// Text rewrites of dependencies, applied by the bundler (scripts/build.mjs). Kept apart so tests
// can apply them to a dependency's source and compare its behaviour with the original.
import {narrow} from './fast-string-width.mjs';

/**
 * Start-up work nobody asked for, removed from the bundle (measured with `npm run bench:startup`):
 *
 * - docker-modem loads ssh2 (and its native cpu-features) at import time, for ssh:// hosts only;
 *   dockerode loads gRPC and the proto loader for BuildKit sessions, and tar-fs for build contexts.
 *   alpinist builds through compose, and most engines are a unix socket: those requires are
 *   moved into the functions that use them, so they load on first use.
 *
 * Each rewrite names the exact text it replaces: when an upgrade changes that text the build fails
 * instead of silently starting slower (see applyRewrites).
 */
export const rewrites = [
	{
		file: /docker-modem[\\/]lib[\\/]modem\.js$/,
		from: "ssh = require('./ssh'),",
		to: "ssh = function (opt) { return require('./ssh')(opt); },",
	},
	// docker-modem formats every request with util.inspect for its debug log even when that log is
	// off: about a millisecond a request (a hundred inspects at start, a stats stream per row).
	{
		file: /docker-modem[\\/]lib[\\/]modem\.js$/,
		from: "debug('Sending: %s', util.inspect(options, {",
		to: "debug.enabled && debug('Sending: %s', util.inspect(options, {",
	},
	{
		file: /dockerode[\\/]lib[\\/]docker\.js$/,
		from: "withSession = require('./session'),",
		to: "withSession = function () { return require('./session').apply(this, arguments); },",
	},
	{
		file: /dockerode[\\/]lib[\\/]util\.js$/,
		from: "var DockerIgnore = require('@balena/dockerignore');",
		to: "var DockerIgnore = function () { return require('@balena/dockerignore').apply(this, arguments); };",
	},
	{
		file: /dockerode[\\/]lib[\\/]util\.js$/,
		from: "var tar = require('tar-fs');",
		to: "var tar = {pack: function () { var t = require('tar-fs'); return t.pack.apply(t, arguments); }};",
	},
];

/**
 * yoga-layout (Ink's layout engine) ships its WebAssembly as base64 and loads it with fetch() when
 * fetch exists, which starts Node's whole fetch implementation just to decode a data: URL. Decoding
 * with Buffer is native and needs nothing else.
 */
const yogaWithoutFetch = {
	file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
	from: 'function ya(){return w||"function"!=typeof fetch?',
	to: 'function ya(){w||(w=new Uint8Array(Buffer.from(H.slice(37),"base64")));return w||"function"!=typeof fetch?',
};
rewrites.push(yogaWithoutFetch);

/**
 * meow bundles normalize-package-data and evaluates it at import: validate-npm-package-license →
 * spdx-correct sorts its transposition tables then, the costliest single thing before the first
 * frame. meow only calls it when `cli.pkg` is read, which alpinist never does.
 */
rewrites.push({
	file: /meow[\\/]build[\\/]dependencies\.js$/,
	from: 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
	to: 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);',
});

/**
 * Ink turns every frame into text cell by cell with @alcalzone/ansi-tokenize, diffing the styles
 * of each cell against the previous one, blank cells included, and copying the style list into
 * every character. A run of characters now shares its (never mutated) style list, and the diff is
 * skipped where it is empty by construction: the same list, or no style on either side.
 */
rewrites.push(
	{
		file: /ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
		from: 'styles: [...codes],',
		to: 'styles: codes,',
	},
	{
		file: /ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
		from: 'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
		to: 'const before = chars[i - 1].styles;\n            if (before !== char.styles && (before.length > 0 || char.styles.length > 0)) ret += ansiCodesToString(diffAnsiCodes(before, char.styles));',
	},
	{
		file: /ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
		from: 'ret += ansiCodesToString(diffAnsiCodes(char.styles, []));',
		to: 'if (char.styles.length > 0) ret += ansiCodesToString(diffAnsiCodes(char.styles, []));',
	},
);

/**
 * ansi-tokenize walks every line Ink draws grapheme by grapheme with Intl.Segmenter. A line made
 * of escape sequences and characters that are each their own grapheme (the narrow class of
 * fast-string-width.mjs: no surrogates, no combining marks, no CR LF) has exactly one grapheme
 * per UTF-16 unit, so the walk goes by unit without the segmenter.
 */
const simpleLine = new RegExp(narrow.source.replace('^[', String.raw`^[\u001B`));
rewrites.push(
	{
		file: /ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
		from: 'for (const { segment, index } of segmenter.segment(str)) {',
		to: `const simple = ${simpleLine}.test(str);\n    for (const { segment, index } of (simple ? Array.from(str, (segment, index) => ({segment, index})) : segmenter.segment(str))) {`,
	},
	// ...and none of those characters is full-width: no East Asian width table lookup per character.
	{
		file: /ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
		from: 'const fullWidth = isFullwidthGrapheme(segment, codePoint);',
		to: 'const fullWidth = simple ? false : isFullwidthGrapheme(segment, codePoint);',
	},
);

/**
 * Ink's Output.get starts every frame from a grid of blank cells, one new object (and style list)
 * per cell, about four thousand for a full screen. Cells are replaced, never changed, so the blank
 * can be one shared object; its shared style list also lets the style diff above skip blank runs.
 */
rewrites.push({
	file: /ink[\\/]build[\\/]output\.js$/,
	from: `                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
	to: `                row.push(blankCell);`,
}, {
	file: /ink[\\/]build[\\/]output\.js$/,
	from: 'export default class Output {',
	to: "const blankCell = Object.freeze({type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([])});\nexport default class Output {",
});

/** The rewrites for this file, applied; throws when a rewrite's text is no longer there. */
export function applyRewrites(path, contents) {
	for (const rewrite of rewrites.filter(candidate => candidate.file.test(path))) {
		if (!contents.includes(rewrite.from)) throw new Error(`rewrites: "${rewrite.from}" is no longer in ${path}; update scripts/build/rewrites.mjs`);
		contents = contents.replace(rewrite.from, rewrite.to);
	}

	return contents;
}

/** One pattern matching every file some rewrite applies to. */
export const rewrittenFiles = new RegExp(rewrites.map(rewrite => rewrite.file.source).join('|'));
