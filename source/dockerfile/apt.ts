import type {ConversionContext} from './context.js';
import {lookupPackage, parsePackageSpec} from './packages.js';
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
};

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
export function convertApt(context: Ctx, script: Script, segment: Segment, c: number, seen: Set<string>): ApkAdd | undefined {
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
			dropOptions();
			const install = subcommand === 'install';
			const result: string[] = [];
			let last = sub!.index;
			const before: string[] = [];
			for (const a of args) {
				const mapped = mapPackageWord(context, a.token, install);
				before.push(a.token.value);
				const fresh = mapped.filter(name => !seen.has(name) && !result.includes(name));
				if (install) for (const name of fresh) seen.add(name);
				if (fresh.length === 0) {
					a.token.deleted = true;
					continue;
				}
				result.push(...fresh);
				const text = fresh.join(' ');
				if (text !== a.token.text) a.token.replacement = text;
				last = a.index;
			}
			if (result.length === 0) {
				const how = deleteSegment(script, segment);
				context.change('packages', offset, `${command.token.value} ${subcommand} ${before.join(' ')} ${how === 'deleted' ? 'removed' : 'replaced by true'}: nothing to ${install ? 'install' : 'remove'} on Alpine`);
				return undefined;
			}
			command.token.replacement = 'apk';
			sub!.token.replacement = install ? 'add --no-cache' : 'del';
			context.change('packages', offset, `${command.token.value} ${subcommand} ${before.join(' ')} → apk ${install ? 'add --no-cache' : 'del'} ${result.join(' ')}`);
			return install ? {script, lastPackage: last, packages: result} : undefined;
		}
		default:
			context.find(Rule.aptUnconvertible, 'error', offset, `${command.token.value} ${subcommand ?? ''} has no automatic apk equivalent; left as is`.replace(/ +/g, ' '));
			return undefined;
	}
}

/** One package word → Alpine names, recording pins and unknown packages. */
function mapPackageWord(context: Ctx, token: Token, install: boolean): string[] {
	const value = token.value;
	if (/[$`*?[]/.test(value)) {
		context.unknownPackages.push({package: value, line: context.lineOf(token.start)});
		context.find(Rule.unknownPackage, 'error', token.start, `package list entry ${value} is computed at build time: check that it names Alpine packages; kept as is`);
		return [token.text];
	}
	const spec = parsePackageSpec(value);
	if (spec.version !== undefined) {
		context.pins.push({package: spec.name, version: spec.version, line: context.lineOf(token.start)});
		context.find(Rule.versionPin, 'warning', token.start, `version pin ${spec.name}=${spec.version} dropped: Debian versions mean nothing on Alpine (pin the Alpine version, see DL3018)`);
	}
	if (spec.release !== undefined) {
		context.find(Rule.versionPin, 'info', token.start, `release suffix ${spec.name}/${spec.release} dropped`);
	}
	const mapping = lookupPackage(spec.name);
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

/** Debian-only commands: removed when they only configure Debian, flagged when they matter. */
export function convertDebianOnly(context: Ctx, script: Script, segment: Segment, c: number): boolean {
	const all = words(script, segment, c);
	if (all.length === 0) return false;
	const command = all[0]!.token;
	const name = command.value.replace(/^\/usr\/s?bin\//, '');
	const offset = command.start;
	const remove = (why: string) => {
		const how = deleteSegment(script, segment);
		context.change('removed-command', offset, `${name} ${how === 'deleted' ? 'removed' : 'replaced by true'}`);
		context.find(Rule.debianOnlyCommand, 'warning', offset, `${name} removed: ${why}`);
	};
	switch (name) {
		case 'locale-gen':
		case 'update-locale':
			remove('musl has no locale-gen; UTF-8 works without generated locales (musl-locales adds translations)');
			return true;
		case 'debconf-set-selections':
		case 'dpkg-reconfigure':
			remove('debconf does not exist on Alpine (for time zones: apk add tzdata and set TZ)');
			return true;
		case 'apt-key':
		case 'add-apt-repository':
		case 'apt-add-repository':
			context.find(Rule.aptUnconvertible, 'error', offset, `${name}: apt repository setup has no automatic Alpine equivalent; find the package in Alpine's repositories and remove this`);
			return true;
		case 'dpkg':
			if (all.some(w => w.token.value === '--print-architecture')) {
				context.find(Rule.debianOnlyCommand, 'error', offset, 'dpkg --print-architecture: no dpkg on Alpine; use apk --print-arch (prints x86_64/aarch64, not amd64/arm64)');
			} else {
				context.find(Rule.debianOnlyCommand, 'error', offset, 'dpkg: no dpkg on Alpine; install the Alpine package (apk add) instead of a .deb');
			}
			return true;
		case 'update-alternatives':
		case 'update-ca-certificates':
			if (name === 'update-alternatives') {
				context.find(Rule.debianOnlyCommand, 'error', offset, 'update-alternatives does not exist on Alpine; create the symlink with ln -s');
			}
			return true;
		default:
			break;
	}
	const text = all.map(w => w.token.value).join(' ');
	if (/\/etc\/locale\.gen/.test(text)) {
		remove('/etc/locale.gen is a Debian file; musl needs no generated locales');
		return true;
	}
	if (/\/etc\/apt\//.test(text)) {
		context.find(Rule.aptUnconvertible, 'error', offset, 'writes apt configuration under /etc/apt: no automatic Alpine equivalent; left as is');
		return true;
	}
	if (/\$\(dpkg\s+--print-architecture\)|`dpkg\s+--print-architecture`/.test(text)) {
		context.find(Rule.debianOnlyCommand, 'error', offset, 'dpkg --print-architecture: no dpkg on Alpine; use apk --print-arch (prints x86_64/aarch64, not amd64/arm64)');
		return true;
	}
	return false;
}
