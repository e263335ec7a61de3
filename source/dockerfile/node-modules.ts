import type {ConversionContext} from './context.js';
import {Rule} from './types.js';

/**
 * npm, yarn and pnpm installs of packages that do not work as they are on musl: their prebuilt
 * binaries (or the browser or library they download) are glibc builds. Read from the package names
 * on the command line, else from the build context's package.json (dependencies, devDependencies,
 * optionalDependencies). Only packages whose musl story is known are named; the rest pass.
 */

type Known = {severity: 'error' | 'warning'; why: string; fix: string; needs?: string[]};

const KNOWN: Record<string, Known> = {
	canvas: {
		severity: 'warning',
		why: 'node-canvas publishes prebuilt binaries for glibc only, so on musl npm compiles it against cairo and pango',
		fix: 'add the build tools and headers to apk add (as --virtual .build-deps where only the build needs them), and cairo pango libjpeg-turbo giflib librsvg to the final stage',
		needs: ['build-base', 'cairo-dev', 'pango-dev', 'libjpeg-turbo-dev', 'giflib-dev', 'librsvg-dev'],
	},
	puppeteer: {
		severity: 'error',
		why: 'the Chrome puppeteer downloads at install is a glibc build: it does not start on musl',
		fix: 'apk add chromium, and set PUPPETEER_SKIP_DOWNLOAD=true and PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium-browser',
	},
	playwright: {severity: 'error', why: "Playwright's browsers are not built for musl (Alpine is not supported upstream)", fix: 'keep this stage on Debian'},
	'@playwright/test': {severity: 'error', why: "Playwright's browsers are not built for musl (Alpine is not supported upstream)", fix: 'keep this stage on Debian'},
	'@tensorflow/tfjs-node': {severity: 'error', why: 'it downloads libtensorflow, a glibc build', fix: 'keep this stage on Debian, or use @tensorflow/tfjs (JavaScript, no native library)'},
	'@tensorflow/tfjs-node-gpu': {severity: 'error', why: 'it downloads libtensorflow with CUDA, glibc builds', fix: 'keep this stage on Debian'},
};

const INSTALLS: Record<string, string[]> = {npm: ['ci', 'install', 'i', 'add'], yarn: ['install', 'add'], pnpm: ['install', 'i', 'add']};

/** The name of `pkg@1.2`, `@scope/pkg@^1`, `pkg`; undefined for paths, URLs and flags. */
function packageName(word: string): string | undefined {
	if (word.startsWith('-') || word.startsWith('.') || word.startsWith('/') || word.includes('://')) return undefined;
	const at = word.indexOf('@', 1);
	return at === -1 ? word : word.slice(0, at);
}

function fromPackageJson(context: ConversionContext): Array<{name: string; where: string}> {
	const text = context.readContextFile?.('package.json');
	if (text === undefined) return [];
	let json: Record<string, unknown>;
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {
		return [];
	}

	const found: Array<{name: string; where: string}> = [];
	for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
		const deps = json[field];
		if (deps && typeof deps === 'object' && !Array.isArray(deps)) for (const name of Object.keys(deps)) found.push({name, where: ` (package.json ${field})`});
	}

	return found;
}

/** `npm ci`, `yarn add canvas`, `pnpm install`…: `words` are the command's words after the tool. */
export function checkNodeInstall(context: ConversionContext, tool: string, words: Array<{value: string; start: number}>, offset: number): void {
	const subcommand = words.find(word => !word.value.startsWith('-'));
	// A bare `yarn` installs too.
	if (subcommand ? !INSTALLS[tool]?.includes(subcommand.value) : tool !== 'yarn') return;
	const named = words.slice(subcommand ? words.indexOf(subcommand) + 1 : 0).map(word => packageName(word.value)).filter((name): name is string => name !== undefined);
	const packages = named.length > 0 ? named.map(name => ({name, where: ''})) : fromPackageJson(context);
	for (const {name, where} of packages) {
		const known = KNOWN[name];
		if (!known) continue;
		const missing = (known.needs ?? []).filter(need => !context.stagePackages.has(need));
		if (known.needs && missing.length === 0) continue;
		const needs = missing.length > 0 ? `; this stage does not install ${missing.join(', ')}` : '';
		context.find(Rule.nodeNative, known.severity, offset, `${tool} installs ${name}${where}: ${known.why}${needs}: ${known.fix}`);
	}
}
