/**
 * Debian's shadow tools (useradd, groupadd) and Debian's adduser/addgroup scripts → busybox
 * adduser/addgroup, as found on Alpine.
 *
 * busybox: adduser [-h DIR] [-g GECOS] [-s SHELL] [-G GRP] [-S] [-D] [-H] [-u UID] [-k SKEL] USER
 *          addgroup [-g GID] [-S] GROUP | addgroup USER GROUP
 */

export type Word = {text: string; value: string};

export type UserCommandResult = {
	/** Replacement command text, words joined by spaces (values keep their original quoting). */
	text: string;
	notes: string[];
	/** Options with no busybox equivalent, dropped. */
	unsupported: string[];
};

type OptionSpec = {takesValue: boolean; key: string};

const USERADD: Record<string, OptionSpec> = {
	'-m': {takesValue: false, key: 'createHome'}, '--create-home': {takesValue: false, key: 'createHome'},
	'-M': {takesValue: false, key: 'noCreateHome'}, '--no-create-home': {takesValue: false, key: 'noCreateHome'},
	'-r': {takesValue: false, key: 'system'}, '--system': {takesValue: false, key: 'system'},
	'-s': {takesValue: true, key: 'shell'}, '--shell': {takesValue: true, key: 'shell'},
	'-u': {takesValue: true, key: 'uid'}, '--uid': {takesValue: true, key: 'uid'},
	'-g': {takesValue: true, key: 'group'}, '--gid': {takesValue: true, key: 'group'},
	'-G': {takesValue: true, key: 'groups'}, '--groups': {takesValue: true, key: 'groups'},
	'-d': {takesValue: true, key: 'home'}, '--home-dir': {takesValue: true, key: 'home'},
	'-c': {takesValue: true, key: 'gecos'}, '--comment': {takesValue: true, key: 'gecos'},
	'-k': {takesValue: true, key: 'skel'}, '--skel': {takesValue: true, key: 'skel'},
	'-U': {takesValue: false, key: 'userGroup'}, '--user-group': {takesValue: false, key: 'userGroup'},
	'-N': {takesValue: false, key: 'noUserGroup'}, '--no-user-group': {takesValue: false, key: 'noUserGroup'},
	'-l': {takesValue: false, key: 'ignore'}, '--no-log-init': {takesValue: false, key: 'ignore'},
};

const GROUPADD: Record<string, OptionSpec> = {
	'-r': {takesValue: false, key: 'system'}, '--system': {takesValue: false, key: 'system'},
	'-g': {takesValue: true, key: 'gid'}, '--gid': {takesValue: true, key: 'gid'},
	'-f': {takesValue: false, key: 'force'}, '--force': {takesValue: false, key: 'force'},
};

/** Debian's adduser/addgroup Perl scripts (long options only). */
const DEBIAN_ADDUSER: Record<string, OptionSpec> = {
	'--system': {takesValue: false, key: 'system'},
	'--group': {takesValue: false, key: 'userGroup'},
	'--disabled-password': {takesValue: false, key: 'ignore'},
	'--disabled-login': {takesValue: false, key: 'ignore'},
	'--quiet': {takesValue: false, key: 'ignore'},
	'-q': {takesValue: false, key: 'ignore'},
	'--gecos': {takesValue: true, key: 'gecos'},
	'--comment': {takesValue: true, key: 'gecos'},
	'--home': {takesValue: true, key: 'home'},
	'--shell': {takesValue: true, key: 'shell'},
	'--uid': {takesValue: true, key: 'uid'},
	'--gid': {takesValue: true, key: 'gid'},
	'--ingroup': {takesValue: true, key: 'group'},
	'--no-create-home': {takesValue: false, key: 'noCreateHome'},
};

type Parsed = {options: Map<string, Word | true>; positionals: Word[]; unsupported: string[]};

function parseOptions(words: Word[], specs: Record<string, OptionSpec>): Parsed {
	const options = new Map<string, Word | true>();
	const positionals: Word[] = [];
	const unsupported: string[] = [];
	for (let i = 0; i < words.length; i++) {
		const word = words[i]!;
		const value = word.value;
		if (!value.startsWith('-') || value === '-') {
			positionals.push(word);
			continue;
		}
		const eq = value.startsWith('--') ? value.indexOf('=') : -1;
		const name = eq > 0 ? value.slice(0, eq) : value;
		const spec = specs[name];
		if (spec) {
			if (spec.takesValue) {
				const inline = eq > 0 ? {text: quoteIfNeeded(value.slice(eq + 1)), value: value.slice(eq + 1)} : words[++i];
				if (inline) options.set(spec.key, inline);
			} else {
				options.set(spec.key, true);
			}
			continue;
		}
		// Clustered short flags: -rm, -rMs /bin/sh.
		if (/^-[A-Za-z]{2,}$/.test(value)) {
			const letters = value.slice(1).split('');
			if (letters.every(l => specs[`-${l}`])) {
				letters.forEach((l, k) => {
					const s = specs[`-${l}`]!;
					if (s.takesValue) {
						if (k === letters.length - 1 && words[i + 1]) options.set(s.key, words[++i]!);
					} else {
						options.set(s.key, true);
					}
				});
				continue;
			}
		}
		unsupported.push(value);
	}
	return {options, positionals, unsupported};
}

function quoteIfNeeded(value: string): string {
	return /^[\w./:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function shellOption(word: Word, notes: string[]): string {
	if (/\/bash$/.test(word.value)) {
		notes.push(`login shell ${word.value} → /bin/sh (Alpine has no bash unless installed)`);
		return '/bin/sh';
	}
	if (word.value === '/usr/sbin/nologin') return '/sbin/nologin';
	return word.text;
}

function buildAdduser(parsed: Parsed, user: Word, notes: string[], opts: {createHomeByDefault: boolean}): string {
	const o = parsed.options;
	const get = (key: string) => {
		const v = o.get(key);
		return v === undefined || v === true ? undefined : v;
	};
	const parts: string[] = [];
	const system = o.has('system');
	const group = get('group');
	// Debian gives a new user a group of its own (USERGROUPS_ENAB); busybox does too, except for
	// system users, which land in nogroup: create the group first, as Alpine's images do.
	let prefix = '';
	if (system && !group && !o.has('noUserGroup')) {
		prefix = `addgroup -S ${user.text} && `;
		parts.push('-G', user.text);
	}
	const args = ['adduser', '-D'];
	if (system) args.push('-S');
	const createHome = o.has('createHome') || (opts.createHomeByDefault && !o.has('noCreateHome') && !system);
	if (!createHome) args.push('-H');
	const home = get('home');
	if (home) args.push('-h', home.text);
	const shell = get('shell');
	if (shell) args.push('-s', shellOption(shell, notes));
	const uid = get('uid');
	if (uid) args.push('-u', uid.text);
	if (group) {
		args.push('-G', group.text);
		if (/^\d+$/.test(group.value)) notes.push(`busybox adduser -G takes a group name, not the GID ${group.value}`);
	}
	args.push(...parts);
	const gecos = get('gecos');
	if (gecos) args.push('-g', gecos.text);
	const skel = get('skel');
	if (skel) args.push('-k', skel.text);
	args.push(user.text);
	let text = prefix + args.join(' ');
	const groups = get('groups');
	if (groups) {
		for (const g of groups.value.split(',').filter(Boolean)) text += ` && addgroup ${user.text} ${quoteIfNeeded(g)}`;
		notes.push('supplementary groups are added with addgroup USER GROUP');
	}
	return text;
}

/**
 * Convert one command (`words[0]` is the command name). Undefined when the command is not a
 * Debian user tool, or is already busybox syntax.
 */
export function convertUserCommand(words: Word[]): UserCommandResult | undefined {
	const command = words[0]?.value.replace(/^\/usr\/sbin\//, '');
	const rest = words.slice(1);
	const notes: string[] = [];
	if (command === 'useradd') {
		const parsed = parseOptions(rest, USERADD);
		const user = parsed.positionals.at(-1);
		if (!user) return undefined;
		if (parsed.options.has('noUserGroup')) notes.push('-N has no busybox equivalent: the user gets a group of its own');
		return {text: buildAdduser(parsed, user, notes, {createHomeByDefault: false}), notes, unsupported: parsed.unsupported};
	}
	if (command === 'groupadd') {
		const parsed = parseOptions(rest, GROUPADD);
		const name = parsed.positionals.at(-1);
		if (!name) return undefined;
		const args = ['addgroup'];
		if (parsed.options.has('system')) args.push('-S');
		const gid = parsed.options.get('gid');
		if (gid && gid !== true) args.push('-g', gid.text);
		if (parsed.options.has('force')) notes.push('-f dropped: busybox addgroup fails if the group exists');
		args.push(name.text);
		return {text: args.join(' '), notes, unsupported: parsed.unsupported};
	}
	if (command === 'usermod') {
		// Only group membership has a busybox form: usermod -aG g1,g2 USER → addgroup USER g1 && addgroup USER g2.
		const parsed = parseOptions(rest, {
			'-a': {takesValue: false, key: 'append'}, '--append': {takesValue: false, key: 'append'},
			'-G': {takesValue: true, key: 'groups'}, '--groups': {takesValue: true, key: 'groups'},
		});
		const groups = parsed.options.get('groups');
		const user = parsed.positionals.at(-1);
		if (!user || !groups || groups === true || parsed.unsupported.length > 0 || parsed.positionals.length !== 1) return undefined;
		if (!parsed.options.has('append')) notes.push('usermod -G without -a replaces the supplementary groups; addgroup only adds, so groups the user had stay');
		const text = groups.value.split(',').filter(Boolean).map(g => `addgroup ${user.text} ${quoteIfNeeded(g)}`).join(' && ');
		return {text, notes, unsupported: []};
	}
	if (command === 'userdel' || command === 'groupdel') {
		const parsed = parseOptions(rest, command === 'userdel' ? {'-r': {takesValue: false, key: 'removeHome'}, '--remove': {takesValue: false, key: 'removeHome'}, '-f': {takesValue: false, key: 'force'}, '--force': {takesValue: false, key: 'force'}} : {'-f': {takesValue: false, key: 'force'}, '--force': {takesValue: false, key: 'force'}});
		const name = parsed.positionals.at(-1);
		if (!name || parsed.positionals.length !== 1) return undefined;
		if (parsed.options.has('force')) notes.push('-f dropped: busybox has no forced removal');
		if (command === 'groupdel') return {text: `delgroup ${name.text}`, notes, unsupported: parsed.unsupported};
		return {text: `deluser ${parsed.options.has('removeHome') ? '--remove-home ' : ''}${name.text}`, notes, unsupported: parsed.unsupported};
	}
	if (command === 'adduser' || command === 'addgroup') {
		// Only Debian's long-option form; short options are already busybox syntax.
		if (!rest.some(w => w.value.startsWith('--'))) return undefined;
		const parsed = parseOptions(rest, DEBIAN_ADDUSER);
		if (command === 'addgroup' || (parsed.options.has('userGroup') && parsed.positionals.length === 1 && !parsed.options.has('system'))) {
			const name = parsed.positionals.at(-1);
			if (!name) return undefined;
			if (command === 'addgroup') {
				const args = ['addgroup'];
				if (parsed.options.has('system')) args.push('-S');
				const gid = parsed.options.get('gid');
				if (gid && gid !== true) args.push('-g', gid.text);
				args.push(name.text);
				return {text: args.join(' '), notes, unsupported: parsed.unsupported};
			}
		}
		if (parsed.positionals.length === 2) {
			// adduser USER GROUP: add an existing user to a group.
			return {text: `addgroup ${parsed.positionals[0]!.text} ${parsed.positionals[1]!.text}`, notes, unsupported: parsed.unsupported};
		}
		const user = parsed.positionals.at(-1);
		if (!user) return undefined;
		const gid = parsed.options.get('gid');
		if (gid && gid !== true) {
			notes.push('--gid: busybox adduser takes a group name (-G); the group is created with addgroup -g');
		}
		const text = buildAdduser(parsed, user, notes, {createHomeByDefault: true});
		return {text, notes, unsupported: parsed.unsupported};
	}
	return undefined;
}
