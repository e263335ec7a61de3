import type {ConversionContext} from './context.js';
import {lookupPackage, parsePackageSpec, refusedPackage} from './packages.js';
import {deleteSegment, type Segment} from './segments.js';
import type {Script, Token} from './shell.js';
import {Rule} from './types.js';

/** apt options that take a separate value. */
const OPTIONS_WITH_VALUE = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release']);

/** Paths that only matter to apt/dpkg; removing them is apt cleanup. */
const APT_PATHS = /^\/var\/(?:lib\/apt\/lists|cache\/apt|cache\/debconf|log\/apt|log\/dpkg\.log|lib\/apt)(?:\/|$|\*)/;

export type ApkAdd = {
	script: Script;
	/** Token index of the last package word (new packages go after it). */
	lastPackage: number;
	/** Alpine names installed by this command. */
	packages: string[];
	/** The `install` word, now `add --no-cache`. */
	sub: Token;
	/** Token index of the command's last token, for text appended after the command. */
	end: number;
	/** Package words with the Alpine names each became. */
	words: Array<{token: Token; names: string[]}>;
};

/** apt options that make it a dry run: nothing is installed, so nothing must be converted. */
const DRY_RUN = /^(?:-s|--simulate|--dry-run|--just-print|--no-act|--recon|-[a-zA-Z]*s[a-zA-Z]*)$/;

type Ctx = ConversionContext;

/** The segment's words from `from` on, without redirections and their targets. */
export function words(script: Script, segment: Segment, from: number): Array<{token: Token; index: number}> {
	const result: Array<{token: Token; index: number}> = [];
	let afterRedirect = false;
	for (const index of segment.tokens.slice(from)) {
		const token = script.tokens[index]!;
		if (token.kind === 'redirect') {
			afterRedirect = true;
			continue;
		}
		if (afterRedirect) {
			afterRedirect = false;
			continue;
		}
		if (token.kind === 'word' && !/^<<-?/.test(token.value)) result.push({token, index});
	}
	return result;
}

/**
 * Rewrite one `apt-get …`/`apt …` command. `c` is the index of the command word in `segment.tokens`.
 * Returns the apk add it became, if it became one.
 */
export function convertApt(context: Ctx, script: Script, segment: Segment, c: number, seen: Set<string>, installs: ApkAdd[] = []): ApkAdd | undefined {
	const all = words(script, segment, c);
	const command = all[0];
	if (!command) return undefined;
	// Leading VAR=value prefixes (DEBIAN_FRONTEND=noninteractive) mean nothing to apk.
	for (let k = 0; k < c; k++) {
		const token = script.tokens[segment.tokens[k]!]!;
		if (token.kind === 'word' && /^DEBIAN_[A-Z_]+=|^APT_[A-Z_]+=/.test(token.value)) token.deleted = true;
	}
	// Find the subcommand, dropping options around it.
	let sub: {token: Token; index: number} | undefined;
	const optionIndexes: number[] = [];
	const args: Array<{token: Token; index: number}> = [];
	for (let k = 1; k < all.length; k++) {
		const w = all[k]!;
		if (w.token.value.startsWith('-')) {
			optionIndexes.push(w.index);
			if (OPTIONS_WITH_VALUE.has(w.token.value) && all[k + 1]) optionIndexes.push(all[++k]!.index);
			continue;
		}
		if (!sub) sub = w;
		else args.push(w);
	}
	const offset = command.token.start;
	const subcommand = sub?.token.value;
	const piped = [segment.before, segment.after].some(i => i >= 0 && script.tokens[i]!.value === '|');
	const dryRun = optionIndexes.some(i => DRY_RUN.test(script.tokens[i]!.value));
	if ((piped || dryRun) && subcommand !== 'update') {
		const why = dryRun ? 'a dry run (-s) whose output feeds other commands' : 'in a pipeline';
		context.find(Rule.aptUnconvertible, 'error', offset, `${command.token.value} ${subcommand ?? ''} is ${why}: not converted, since apk add/upgrade would do it for real; list the packages with apk add --no-cache, or apk upgrade --no-cache, and remove this`.replace(/ +/g, ' '));
		return undefined;
	}
	const dropOptions = () => {
		for (const i of optionIndexes) script.tokens[i]!.deleted = true;
	};

	switch (subcommand) {
		case 'update':
		case 'clean':
		case 'autoclean':
		case 'autoremove': {
			const how = deleteSegment(script, segment);
			context.change('apt-cleanup', offset, `${command.token.value} ${subcommand} ${how === 'deleted' ? 'removed' : 'replaced by true'} (apk add --no-cache needs no index or cache cleanup)`);
			return undefined;
		}
		case 'upgrade':
		case 'dist-upgrade':
		case 'full-upgrade': {
			dropOptions();
			command.token.replacement = 'apk';
			sub!.token.replacement = 'upgrade --no-cache';
			for (const a of args) a.token.deleted = true;
			context.change('packages', offset, `${command.token.value} ${subcommand} → apk upgrade --no-cache`);
			return undefined;
		}
		case 'install':
		case 'remove':
		case 'purge': {
			const install = subcommand === 'install';
			const autoRemove = optionIndexes.some(i => /^--auto-remove$|^--autoremove$/.test(script.tokens[i]!.value));
			dropOptions();
			const result: string[] = [];
			const packageWords: ApkAdd['words'] = [];
			let last = sub!.index;
			const before: string[] = [];
			for (const a of args) {
				const mapped = mapPackageWord(context, a.token, install);
				before.push(a.token.value);
				const fresh = mapped.filter(name => (!install || !seen.has(name)) && !result.includes(name));
				if (install) for (const name of fresh) seen.add(name);
				if (fresh.length === 0) {
					a.token.deleted = true;
					continue;
				}
				result.push(...fresh);
				packageWords.push({token: a.token, names: fresh});
				const text = fresh.join(' ');
				if (text !== a.token.text) a.token.replacement = text;
				last = a.index;
			}
			if (!install && (result.length > 0 || autoRemove) && installs.length > 0) {
				const grouped = groupBuildDeps(script, installs, result);
				if (grouped) {
					for (const a of args) a.token.deleted = true;
					command.token.replacement = 'apk';
					sub!.token.replacement = 'del .build-deps';
					context.change('packages', offset, `${command.token.value} ${subcommand} ${before.join(' ')} → apk del .build-deps (${grouped.join(' ')} installed with apk add --virtual .build-deps)`, `${command.token.value} ${subcommand} ${before.join(' ')}`.trim(), 'apk del .build-deps');
					return undefined;
				}
			}
			if (result.length === 0) {
				const how = deleteSegment(script, segment);
				context.change('packages', offset, `${command.token.value} ${subcommand} ${before.join(' ')} ${how === 'deleted' ? 'removed' : 'replaced by true'}: nothing to ${install ? 'install' : 'remove'} on Alpine`);
				return undefined;
			}
			command.token.replacement = 'apk';
			sub!.token.replacement = install ? 'add --no-cache' : 'del';
			context.change('packages', offset, `${command.token.value} ${subcommand} ${before.join(' ')} → apk ${install ? 'add --no-cache' : 'del'} ${result.join(' ')}`);
			const end = segment.tokens.at(-1)!;
			for (const link of PATH_LINKS) {
				if (!install || !before.some(b => parsePackageSpec(b).name === link.debian) || !result.includes(link.alpine)) continue;
				const anchor = script.tokens[end]!;
				anchor.replacement = `${anchor.replacement ?? anchor.text} && ln -s ${link.target} ${link.link}`;
				context.change('packages', offset, link.summary, link.debian, `${link.alpine} && ln -s ${link.target} ${link.link}`);
			}
			return install ? {script, lastPackage: last, packages: result, sub: sub!.token, end, words: packageWords} : undefined;
		}
		default:
			context.find(Rule.aptUnconvertible, 'error', offset, `${command.token.value} ${subcommand ?? ''} has no automatic apk equivalent; left as is`.replace(/ +/g, ' '));
			return undefined;
	}
}

/**
 * Programs that Alpine installs at another path than Debian (or under another name): linked at
 * Debian's path, so the ENTRYPOINTs, CMDs and scripts that name it keep working.
 */
const PATH_LINKS = [
	// su-exec takes the same arguments as gosu.
	{debian: 'gosu', alpine: 'su-exec', target: '/sbin/su-exec', link: '/usr/local/bin/gosu', summary: 'gosu → su-exec, linked as /usr/local/bin/gosu'},
	// Debian's tini package installs /usr/bin/tini, Alpine's /sbin/tini.
	{debian: 'tini', alpine: 'tini', target: '/sbin/tini', link: '/usr/bin/tini', summary: "tini is /sbin/tini on Alpine: linked as /usr/bin/tini, Debian's path, which ENTRYPOINTs name"},
];

/**
 * `apt-get purge [--auto-remove] P…` after `apt-get install … P …` in the same RUN: P are build-only
 * dependencies. The Alpine idiom installs them as a virtual group and deletes the group:
 * `apk add --no-cache --virtual .build-deps P…` … `apk del .build-deps`. With no package named
 * (`purge --auto-remove` after apt-mark auto/manual), everything the RUN installed is the group.
 * Returns the grouped names, or undefined when nothing matches.
 */
function groupBuildDeps(script: Script, installs: ApkAdd[], purged: string[]): string[] | undefined {
	const grouped: string[] = [];
	for (const add of installs) {
		const purgeAll = purged.length === 0;
		const build = add.words.filter(w => purgeAll || w.names.every(n => purged.includes(n)));
		if (build.length === 0) continue;
		if (build.length === add.words.length) {
			add.sub.replacement = 'add --no-cache --virtual .build-deps';
		} else {
			// Split: the kept packages stay, the build-only ones move to a second apk add.
			for (const w of build) w.token.deleted = true;
			const anchor = script.tokens[add.end]!;
			const tail = build.some(w => w.token === anchor) ? '' : `${anchor.replacement ?? anchor.text} `;
			anchor.replacement = `${tail}&& apk add --no-cache --virtual .build-deps ${build.flatMap(w => w.names).join(' ')}`;
			anchor.deleted = false;
		}
		grouped.push(...build.flatMap(w => w.names));
		add.packages = add.packages.filter(p => !build.some(w => w.names.includes(p)));
	}
	return grouped.length > 0 ? grouped : undefined;
}

/** One package word → Alpine names, recording pins and unknown packages. */
function mapPackageWord(context: Ctx, token: Token, install: boolean): string[] {
	const value = token.value;
	if (/[$`*?[]/.test(value)) {
		context.unknownPackages.push({package: value, line: context.lineOf(token.start)});
		context.find(Rule.unknownPackage, 'error', token.start, `package list entry ${value} is computed at build time: check that it names Alpine packages; kept as is`);
		return [token.text];
	}
	if (/\.deb$/.test(value) || /^(?:\.{0,2}\/)/.test(value)) {
		context.find(Rule.aptUnconvertible, 'error', token.start, `${value} is a local .deb package: Alpine cannot install .deb files; install the tool from Alpine's repositories (apk add), or a musl or static build of it`);
		return [token.text];
	}
	const spec = parsePackageSpec(value);
	const refused = refusedPackage(spec.name);
	if (refused) {
		context.find(Rule.glibcByNature, 'error', token.start, `${spec.name}: ${refused}`);
		return [];
	}
	if (spec.version !== undefined) {
		context.pins.push({package: spec.name, version: spec.version, line: context.lineOf(token.start)});
		context.find(Rule.versionPin, 'warning', token.start, `version pin ${spec.name}=${spec.version} dropped: Debian versions mean nothing on Alpine (pin the Alpine version, see DL3018)`);
	}
	if (spec.release !== undefined) {
		context.find(Rule.versionPin, 'info', token.start, `release suffix ${spec.name}/${spec.release} dropped`);
	}
	const mapping = lookupPackage(spec.name, context.mappings);
	if (install && /^python3\.\d+$/.test(spec.name)) context.stagePythonRenamed = true;
	if (!mapping) {
		context.unknownPackages.push({package: spec.name, line: context.lineOf(token.start)});
		context.find(Rule.unknownPackage, 'error', token.start, `unknown package ${spec.name}: no known Alpine name, kept as is (look it up with apk search)`);
		return [spec.name];
	}
	if (mapping.alpine.length === 0) {
		context.find(Rule.packageDropped, 'info', token.start, `${spec.name} dropped: ${mapping.note ?? 'not needed on Alpine'}`);
		return [];
	}
	if (mapping.note && install) context.find(Rule.packageDropped, 'info', token.start, `${spec.name} → ${mapping.alpine.join(' ')}: ${mapping.note}`);
	return mapping.alpine;
}

/** `rm -rf /var/lib/apt/lists/*`: drop the apt paths, and the command when nothing else is left. */
export function convertRm(context: Ctx, script: Script, segment: Segment, c: number): void {
	const all = words(script, segment, c);
	if (all.length === 0) return;
	const paths = all.slice(1).filter(w => !w.token.value.startsWith('-'));
	const apt = paths.filter(w => APT_PATHS.test(w.token.value));
	if (apt.length === 0) return;
	const offset = all[0]!.token.start;
	if (apt.length === paths.length) {
		const how = deleteSegment(script, segment);
		context.change('apt-cleanup', offset, `rm ${apt.map(w => w.token.value).join(' ')} ${how === 'deleted' ? 'removed' : 'replaced by true'} (no apt lists on Alpine)`);
		return;
	}
	for (const w of apt) w.token.deleted = true;
	context.change('apt-cleanup', offset, `apt paths ${apt.map(w => w.token.value).join(' ')} dropped from rm`);
}
