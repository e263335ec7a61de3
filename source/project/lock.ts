import {createHash} from 'node:crypto';
import {closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';

/**
 * One writer per project: an advisory lock file in the state dir, created exclusively (O_EXCL),
 * holding who took it. Every command that changes the project's stacks or progress takes it for
 * its whole run; read-only commands never do. A lock left by a process that no longer runs (on
 * this machine) is taken over, and the caller says so.
 */

export type LockHolder = {pid: number; command: string; startedAt: string; project: string; host: string};

export class ProjectLockedError extends Error {
	override name = 'ProjectLockedError';
	constructor(
		readonly holder: LockHolder,
		readonly file: string,
	) {
		super(
			`the project ${holder.project} is locked by process ${holder.pid} (alpinist ${holder.command}, since ${holder.startedAt}${holder.host === hostname() ? '' : ` on ${holder.host}`}): wait until it ends, or stop it. If no such process runs, remove ${file}.`,
		);
	}
}

export type ProjectLock = {
	file: string;
	/** The lock this one replaced: its holder no longer ran. */
	tookOver?: LockHolder;
	/** Removes the lock file if it is still ours. Idempotent. */
	release: () => void;
};

/** A project's name in the state dir: `<dir name>-<hash of its absolute path>`. */
export function projectSlug(projectRoot: string): string {
	const root = path.resolve(projectRoot);
	const hash = createHash('sha256').update(root).digest('hex').slice(0, 12);
	return `${path.basename(root).replace(/[^\w.-]/g, '_').slice(0, 40) || 'project'}-${hash}`;
}

/** Where the lock of a project lives: `<state dir>/locks/<slug>.lock`. */
export function lockFile(stateDir: string, projectRoot: string): string {
	return path.join(stateDir, 'locks', `${projectSlug(projectRoot)}.lock`);
}

/** Whether a process with this PID runs here (EPERM: it runs, as another user). */
export function processRuns(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function readHolder(file: string): LockHolder | undefined {
	try {
		const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
		if (typeof data.pid !== 'number') return undefined;
		return {pid: data.pid, command: String(data.command ?? '?'), startedAt: String(data.startedAt ?? '?'), project: String(data.project ?? '?'), host: String(data.host ?? hostname())};
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		// Unreadable or half-written: treated as a holder that does not run (taken over).
		return {pid: -1, command: '?', startedAt: '?', project: '?', host: hostname()};
	}
}

/** When a process started (Linux: /proc/<pid>/stat's start time after /proc/stat's boot time), if known. */
export function processStartedAt(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = Number(fields[19]);
		const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
		// USER_HZ is 100 on every Linux architecture Node runs on.
		return Number.isFinite(ticks) && Number.isFinite(boot) ? (boot + ticks / 100) * 1000 : undefined;
	} catch {
		return undefined;
	}
}

function stale(holder: LockHolder): boolean {
	// A lock taken on another machine (a shared state dir) cannot be checked from here: it holds.
	if (holder.host !== hostname()) return false;
	// Our own PID in a lock we do not hold: a dead process had it before (PIDs repeat in containers).
	if (holder.pid === process.pid) return true;
	if (!processRuns(holder.pid)) return true;
	// The PID runs, but a process that started after the lock was taken is another one.
	const started = processStartedAt(holder.pid);
	const taken = Date.parse(holder.startedAt);
	return started !== undefined && Number.isFinite(taken) && started > taken + 2000;
}

function tryCreate(file: string, holder: LockHolder): boolean {
	let fd: number;
	try {
		fd = openSync(file, 'wx', 0o644);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	}

	try {
		writeSync(fd, `${JSON.stringify(holder)}\n`);
	} finally {
		closeSync(fd);
	}

	return true;
}

/**
 * Takes the project's lock or throws ProjectLockedError naming the process that holds it.
 * The lock is released by `release()`, and at the latest when this process exits.
 */
export function acquireProjectLock(options: {stateDir: string; projectRoot: string; command: string}): ProjectLock {
	const file = lockFile(options.stateDir, options.projectRoot);
	// Within one process the lock is re-entrant (a screen that restarts its flow before the
	// cancelled run has wound down): counted, and the file goes with the last release.
	const here = heldHere.get(file);
	if (here) {
		here.count++;
		return shared(file, here);
	}

	mkdirSync(path.dirname(file), {recursive: true});
	const mine: LockHolder = {pid: process.pid, command: options.command, startedAt: new Date().toISOString(), project: path.resolve(options.projectRoot), host: hostname()};
	let tookOver: LockHolder | undefined;
	for (let attempt = 0; attempt < 5; attempt++) {
		if (tryCreate(file, mine)) {
			const entry = {count: 1, release: held(file)};
			heldHere.set(file, entry);
			return {...shared(file, entry), tookOver};
		}

		const holder = readHolder(file);
		if (!holder) continue; // Released meanwhile: try again.
		if (!stale(holder)) throw new ProjectLockedError(holder, file);
		// Move the stale file aside under a name of our own; only one taker's rename succeeds.
		const aside = `${file}.stale-${process.pid}`;
		try {
			renameSync(file, aside);
		} catch {
			continue;
		}

		const moved = readHolder(aside);
		if (moved && !stale(moved)) {
			// Another taker had already replaced it: put the live lock back and give way.
			try {
				linkSync(aside, file);
			} catch {}

			unlinkQuietly(aside);
			throw new ProjectLockedError(moved, file);
		}

		unlinkQuietly(aside);
		tookOver = holder;
	}

	const holder = readHolder(file);
	throw new ProjectLockedError(holder ?? {...mine, pid: -1, command: '?'}, file);
}

function unlinkQuietly(file: string): void {
	try {
		unlinkSync(file);
	} catch {}
}

const heldHere = new Map<string, {count: number; release: () => void}>();

/** One holder's handle on a lock this process holds. */
function shared(file: string, entry: {count: number; release: () => void}): ProjectLock {
	let released = false;
	return {
		file,
		release() {
			if (released) return;
			released = true;
			if (--entry.count > 0) return;
			heldHere.delete(file);
			entry.release();
		},
	};
}

/** Removes the file (if it is still ours) once; also when the process exits without releasing. */
function held(file: string): () => void {
	let released = false;
	const release = () => {
		if (released) return;
		released = true;
		process.removeListener('exit', release);
		const holder = readHolder(file);
		if (holder?.pid === process.pid && holder.host === hostname()) unlinkQuietly(file);
	};

	process.on('exit', release);
	return release;
}

/** The line a command prints when it took over a stale lock. */
export function takeOverMessage(lock: ProjectLock): string | undefined {
	const old = lock.tookOver;
	if (!old) return undefined;
	return old.pid === -1
		? `took over the project's lock ${lock.file}: the file was unreadable.`
		: `took over the project's lock from process ${old.pid} (alpinist ${old.command}, since ${old.startedAt}), which no longer runs.`;
}
