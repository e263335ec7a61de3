/**
 * Debian-only commands in a stage that now runs on Alpine: removed when they only configure Debian,
 * reported as errors (with the fix) when what they do matters. `residue` is the last line of
 * defence: any Debian tool still named in a converted stage's text is an error, so a conversion
 * never ends with exit 0 and a command that does not exist on Alpine.
 */
import {words} from './apt.js';
import type {ConversionContext} from './context.js';
import {deleteSegment, type Segment} from './segments.js';
import type {Script} from './shell.js';
import {Rule} from './types.js';

type Ctx = ConversionContext;

const ARCH_FIX = 'use apk --print-arch (it prints x86_64/aarch64, not amd64/arm64), or uname -m, and map the names where a download URL needs Debian\'s';

/** Debian tools that do not exist on Alpine, with what to do instead. */
export const DEBIAN_TOOLS: Record<string, string> = {
	'apt-get': 'apt is not on Alpine: use apk (apk add --no-cache …, apk del …)',
	apt: 'apt is not on Alpine: use apk (apk add --no-cache …, apk del …)',
	'apt-cache': 'apt is not on Alpine: apk search / apk info',
	aptitude: 'apt is not on Alpine: use apk',
	'apt-mark': 'apk has no apt-mark: install build-only packages with apk add --no-cache --virtual .build-deps … and remove them with apk del .build-deps; keep runtime libraries with scanelf --needed and apk add so:<library>',
	'apt-key': 'apt repository keys do not apply: find the package in Alpine\'s repositories and remove this',
	'add-apt-repository': 'apt repositories do not apply: find the package in Alpine\'s repositories (main, community) and remove this',
	'apt-add-repository': 'apt repositories do not apply: find the package in Alpine\'s repositories (main, community) and remove this',
	dpkg: `no dpkg database on Alpine: apk info --who-owns FILE tells which package owns a file; for the architecture ${ARCH_FIX}`,
	'dpkg-query': 'no dpkg database on Alpine: apk info --who-owns FILE finds a file\'s package; to keep the runtime libraries of built binaries use scanelf --needed and apk add so:<library>',
	'dpkg-architecture': 'install dpkg-dev (apk add dpkg-dev) for dpkg-architecture on Alpine, where it reports musl triplets (x86_64-linux-musl); or use apk --print-arch / gcc -dumpmachine',
	'dpkg-buildflags': 'install dpkg-dev (apk add dpkg-dev), or set CFLAGS/LDFLAGS yourself',
	'dpkg-divert': 'no dpkg on Alpine: move or replace the file directly',
	'dpkg-reconfigure': 'debconf does not exist on Alpine (time zones: apk add tzdata and set TZ)',
	'debconf-set-selections': 'debconf does not exist on Alpine: remove this',
	'update-alternatives': 'update-alternatives does not exist on Alpine: create the link with ln -sf',
	'locale-gen': 'musl has no locale-gen: UTF-8 works without generated locales (musl-locales adds translations)',
	'update-locale': 'musl has no locale-gen or update-locale: set LANG in ENV',
	usermod: 'busybox has no usermod: addgroup USER GROUP adds a user to a group; for other options apk add shadow, which provides usermod',
	userdel: 'busybox has deluser, not userdel: deluser [--remove-home] USER',
	groupmod: 'busybox has no groupmod: apk add shadow, which provides groupmod',
	groupdel: 'busybox has delgroup, not groupdel: delgroup GROUP',
	useradd: 'busybox has adduser, not useradd: adduser -D [-u UID] [-G GROUP] [-s SHELL] USER, or apk add shadow',
	groupadd: 'busybox has addgroup, not groupadd: addgroup [-g GID] GROUP, or apk add shadow',
	'invoke-rc.d': 'no sysv-rc on Alpine: run the service in the foreground as CMD',
	'update-rc.d': 'Alpine uses OpenRC (rc-update), and a container runs one process: run the service as CMD',
	systemctl: 'no systemd on Alpine (OpenRC), and a container runs one process: run the service in the foreground as CMD',
	'ldconfig.real': 'Debian\'s ldconfig wrapper: musl\'s loader needs no cache; remove this',
};

/** Tools that a package installed in the stage provides after all (dpkg-dev on Alpine has dpkg-architecture). */
const PROVIDED_BY: Record<string, string[]> = {
	'dpkg-architecture': ['dpkg-dev'],
	'dpkg-buildflags': ['dpkg-dev'],
	usermod: ['shadow'],
	useradd: ['shadow'],
	userdel: ['shadow'],
	groupadd: ['shadow'],
	groupmod: ['shadow'],
	groupdel: ['shadow'],
};

/** Vendor scripts and repositories that set up apt, or install Debian packages. */
const APT_URLS: Array<[RegExp, string]> = [
	[/deb\.nodesource\.com|rpm\.nodesource\.com/, 'NodeSource\'s setup script configures apt: on Alpine install Node.js with apk add nodejs npm (npm is a package of its own), or start from node:<version>-alpine'],
	[/packagecloud\.io\/install\/repositories\/.+\/script\.deb\.sh/, 'packagecloud\'s script configures apt: find the package in Alpine\'s repositories'],
	[/download\.docker\.com\/linux\/(?:debian|ubuntu)|get\.docker\.com/, 'Docker\'s apt repository: apk add docker-cli (community)'],
	[/\.deb(?:$|[?#])/, 'a .deb cannot be installed on Alpine: use Alpine\'s package, or a musl or static build'],
	[/\/etc\/apt\//, 'apt configuration has no meaning on Alpine: find the package in Alpine\'s repositories'],
];

/** Debian-only commands met while converting a RUN: true when the segment was handled. */
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
	// Everything the command touches, redirection targets included (`echo … > /etc/apt/…`).
	const text = segment.tokens.map(i => script.tokens[i]!.value).join(' ');
	if (name === 'locale-gen' || name === 'update-locale') {
		remove(DEBIAN_TOOLS[name]!);
		return true;
	}
	if (name === 'debconf-set-selections' || name === 'dpkg-reconfigure') {
		remove(DEBIAN_TOOLS[name]!);
		return true;
	}
	if (name === 'apt-mark' && purgesAutoRemove(script)) {
		// apt-mark auto/manual only serve the purge --auto-remove below, which became apk del .build-deps.
		// `[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark` goes as a whole.
		const or = segment.before >= 0 ? script.tokens[segment.before]! : undefined;
		const guard = or?.value === '||' ? script.tokens.slice(0, segment.before).reverse().findIndex(t => t.kind === 'separator') : -1;
		if (or && guard >= 0) {
			const guardStart = segment.before - guard;
			const guardTokens = script.tokens.slice(guardStart, segment.before);
			if (guardTokens.some(t => /savedAptMark/.test(t.value))) {
				for (const t of [...guardTokens, or, ...segment.tokens.map(i => script.tokens[i]!)]) t.deleted = true;
				const next = segment.after >= 0 ? script.tokens[segment.after] : undefined;
				if (next && [';', '&&', '\n'].includes(next.value)) next.deleted = true;
				context.change('apt-cleanup', offset, `${text} removed (the build dependencies are a virtual group: apk del .build-deps removes them)`);
				return true;
			}
		}
		const how = deleteSegment(script, segment);
		context.change('apt-cleanup', offset, `${text} ${how === 'deleted' ? 'removed' : 'replaced by true'} (the build dependencies are a virtual group: apk del .build-deps removes them)`);
		return true;
	}
	if (/\/etc\/locale\.gen\b|\/etc\/default\/locale\b/.test(text)) {
		remove('/etc/locale.gen is Debian\'s locale list; musl needs no generated locales');
		return true;
	}
	return false;
}

/** The script purges with --auto-remove: its apt-mark bookkeeping is replaced by a virtual group. */
export function purgesAutoRemove(script: Script): boolean {
	const values = script.tokens.map(t => t.value);
	return values.some((v, i) => (v === 'apt-get' || v === 'apt') && values.slice(i + 1, i + 8).includes('purge')) && values.some(v => v === '--auto-remove' || v === '--autoremove');
}

/** `savedAptMark="$(apt-mark showmanual)"`, a segment of assignments only: removed with the rest of the bookkeeping. */
export function convertAssignment(context: Ctx, script: Script, segment: Segment): void {
	const text = segment.tokens.map(i => script.tokens[i]!.value).join(' ');
	if (!/\$\(\s*apt-mark\b/.test(text) || !purgesAutoRemove(script)) return;
	const offset = script.tokens[segment.tokens[0]!]!.start;
	const how = deleteSegment(script, segment);
	context.change('apt-cleanup', offset, `${text} ${how === 'deleted' ? 'removed' : 'replaced by true'} (apt-mark bookkeeping; the build dependencies are a virtual group)`);
}

export type Residue = {command: string; fix: string; index: number; kind: 'tool' | 'apt-setup'};

const COMMAND_AT = /(?:^|[\s;&|(`!{}]|\$\()(?:\/usr\/(?:local\/)?s?bin\/|\/s?bin\/)?([a-z][\w.+-]*)/g;

/**
 * Debian tools and apt setups named in a script that runs on Alpine (after conversion). Words in
 * quotes count too: `xargs apt-get install`, `$(dpkg --print-architecture)`. `installed` is what the
 * stage installs with apk, which may provide some of the tools.
 */
export function residue(text: string, installed: ReadonlySet<string>): Residue[] {
	const found: Residue[] = [];
	for (const m of text.matchAll(COMMAND_AT)) {
		const command = m[1]!;
		const fix = Object.hasOwn(DEBIAN_TOOLS, command) ? DEBIAN_TOOLS[command] : undefined;
		if (!fix) continue;
		// A word that only mentions the tool (`--apt-get`, `my-apt-get`) is not a call.
		const after = text[m.index + m[0].length];
		if (after !== undefined && /[\w-]/.test(after)) continue;
		if ((PROVIDED_BY[command] ?? []).some(p => installed.has(p))) continue;
		if (command === 'dpkg' && installed.has('dpkg') && !/--print-architecture/.test(text)) continue;
		found.push({command, fix, index: m.index + m[0].length - command.length, kind: 'tool'});
	}
	for (const [pattern, fix] of APT_URLS) {
		const m = pattern.exec(text);
		if (m) found.push({command: m[0], fix, index: m.index, kind: 'apt-setup'});
	}
	return found;
}
