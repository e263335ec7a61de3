import path from 'node:path';

/**
 * Compose's merge rules, for several `-f` files and for `extends`: mappings merge key by key,
 * the shell commands (command, entrypoint, healthcheck.test) are replaced, the key=value lists
 * (environment, labels, build.args, extra_hosts…) merge as mappings, ports and volumes merge by
 * what they publish or mount, other lists append what is new. Values are kept as written (not
 * interpolated): this is the model the Alpine file is written from. Pure.
 */

export type Definition = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys whose value is replaced as a whole by a later file. */
const REPLACED = new Set(['command', 'entrypoint', 'test', 'image', 'user', 'working_dir', 'platform', 'network_mode', 'pid', 'ipc', 'restart', 'dockerfile', 'dockerfile_inline', 'context', 'target']);

/** Key=value lists that compose reads as mappings. */
const KEY_VALUE = new Set(['environment', 'labels', 'args', 'extra_hosts', 'sysctls', 'annotations']);

/** `build: ./dir` is `build: {context: ./dir}`; KEY=value lists become mappings. */
export function normalizeService(service: Definition): Definition {
	const result: Definition = {...service};
	if (typeof result.build === 'string') result.build = {context: result.build};
	if (isObject(result.build)) {
		const build = {...result.build};
		if (build.args !== undefined) build.args = keyValues(build.args);
		if (build.labels !== undefined) build.labels = keyValues(build.labels);
		result.build = build;
	}

	for (const key of ['environment', 'labels', 'annotations', 'sysctls']) if (result[key] !== undefined) result[key] = keyValues(result[key]);
	if (Array.isArray(result.extra_hosts)) result.extra_hosts = keyValues(result.extra_hosts, ':');
	return result;
}

/** `["A=1", "B"]` → `{A: "1", B: null}` (null: taken from the environment, as compose does). */
export function keyValues(value: unknown, separator = '='): Record<string, unknown> {
	if (isObject(value)) return {...value};
	const result: Record<string, unknown> = {};
	if (!Array.isArray(value)) return result;
	for (const item of value) {
		const text = String(item);
		let at = text.indexOf(separator);
		if (separator === ':' && text.includes('=') && (at === -1 || text.indexOf('=') < at)) at = text.indexOf('=');
		if (at === -1) result[text] = null;
		else result[text.slice(0, at)] = text.slice(at + 1);
	}

	return result;
}

function portKey(entry: unknown): string {
	if (isObject(entry)) return `${entry.host_ip ?? ''}:${entry.published ?? ''}:${entry.target}/${entry.protocol ?? 'tcp'}`;
	const text = String(entry);
	return text.includes('/') ? text : `${text}/tcp`;
}

function volumeKey(entry: unknown): string {
	if (isObject(entry)) return String(entry.target ?? JSON.stringify(entry));
	const parts = String(entry).split(':');
	return parts.length >= 2 ? parts[1]! : parts[0]!;
}

function mergeListBy(base: unknown[], override: unknown[], key: (entry: unknown) => string): unknown[] {
	const result = new Map<string, unknown>();
	for (const entry of base) result.set(key(entry), entry);
	for (const entry of override) result.set(key(entry), entry);
	return [...result.values()];
}

function appendUnique(base: unknown[], override: unknown[]): unknown[] {
	const seen = new Set(base.map(entry => JSON.stringify(entry)));
	return [...base, ...override.filter(entry => !seen.has(JSON.stringify(entry)))];
}

function mergeValue(key: string, base: unknown, override: unknown): unknown {
	if (override === undefined) return base;
	if (base === undefined || REPLACED.has(key)) return override;
	if (KEY_VALUE.has(key)) return {...keyValues(base, key === 'extra_hosts' ? ':' : '='), ...keyValues(override, key === 'extra_hosts' ? ':' : '=')};
	if (Array.isArray(base) && Array.isArray(override)) {
		if (key === 'ports') return mergeListBy(base, override, portKey);
		if (key === 'volumes' || key === 'tmpfs') return mergeListBy(base, override, volumeKey);
		return appendUnique(base, override);
	}

	if (isObject(base) && isObject(override)) {
		const result: Record<string, unknown> = {...base};
		for (const [child, value] of Object.entries(override)) result[child] = mergeValue(child, base[child], value);
		return result;
	}

	return override;
}

/** A service of a later file (or the extending service) over the earlier one. */
export function mergeServices(base: Definition, override: Definition): Definition {
	const a = normalizeService(base);
	const b = normalizeService(override);
	const result: Definition = {...a};
	for (const [key, value] of Object.entries(b)) result[key] = mergeValue(key, a[key], value);
	return result;
}

/** Top-level sections other than services (volumes, networks, secrets, configs): merged by name. */
export function mergeSection(base: unknown, override: unknown): unknown {
	if (!isObject(override)) return base ?? override;
	if (!isObject(base)) return override;
	const result: Record<string, unknown> = {...base};
	for (const [name, value] of Object.entries(override)) result[name] = isObject(result[name]) && isObject(value) ? {...result[name], ...value} : value;
	return result;
}

const hasVariable = (text: string) => text.includes('$');

/** A path written in a file of `fromDir`, said from `toDir` (absolute and interpolated ones as they are). */
export function rebasePath(value: string, fromDir: string, toDir: string): string {
	if (fromDir === toDir || path.isAbsolute(value) || hasVariable(value) || /^(?:[a-z]+:\/\/|git@|github\.com\/)/.test(value) || value.startsWith('~')) return value;
	const relative = path.relative(toDir, path.resolve(fromDir, value)) || '.';
	return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The relative paths of a service (build context, env_file, bind mounts) moved from one directory's point of view to another's. */
export function rebaseService(service: Definition, fromDir: string, toDir: string): Definition {
	if (fromDir === toDir) return service;
	const result: Definition = normalizeService(service);
	if (isObject(result.build)) {
		const build = {...result.build};
		build.context = rebasePath(typeof build.context === 'string' ? build.context : '.', fromDir, toDir);
		result.build = build;
	}

	if (typeof result.env_file === 'string') result.env_file = rebasePath(result.env_file, fromDir, toDir);
	else if (Array.isArray(result.env_file)) {
		result.env_file = result.env_file.map(entry => (typeof entry === 'string' ? rebasePath(entry, fromDir, toDir) : isObject(entry) && typeof entry.path === 'string' ? {...entry, path: rebasePath(entry.path, fromDir, toDir)} : entry));
	}

	if (Array.isArray(result.volumes)) {
		result.volumes = result.volumes.map(entry => {
			if (typeof entry === 'string') {
				const [source, ...rest] = entry.split(':');
				return rest.length > 0 && /^[.~/]/.test(source!) ? [rebasePath(source!, fromDir, toDir), ...rest].join(':') : entry;
			}

			if (isObject(entry) && entry.type === 'bind' && typeof entry.source === 'string') return {...entry, source: rebasePath(entry.source, fromDir, toDir)};
			return entry;
		});
	}

	return result;
}
