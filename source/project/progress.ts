import {mkdirSync, readFileSync, renameSync} from 'node:fs';
import {isDeepStrictEqual} from 'node:util';
import path from 'node:path';
import {config as configureZod} from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import {pruneOldest, writeFileAtomic} from './atomic-write.js';
import {withFileMutex} from './file-mutex.js';
import {describeIssues, storeSchema} from './progress-schema.js';
import {stateDir} from './state-dir.js';

/**
 * What an engineer has done on a project, kept so the wizard can stop and resume. One store file
 * (progress.json in the state dir) holds every project, keyed by the project's absolute path. It
 * is validated whole when read, replaced whole (atomically, fsync'd) when written, and each change
 * re-reads it under a short mutex, so two processes never undo each other's records.
 */

export const schemaVersion = 2;

export type StepStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'running' | 'interrupted';

export type StepRecord = {
	status: StepStatus;
	at: string;
	durationMs?: number;
	summary?: string;
	data?: unknown;
};

export type ProjectProgress = {
	path: string;
	createdAt: string;
	updatedAt: string;
	/** The variant the project starts by default: the guide's "enable Alpine mode" / "change the default". */
	defaultVariant: 'regular' | 'alpine';
	/** `<flow>.<step>` → the last result of that step. */
	steps: Record<string, StepRecord>;
	/** Append-only histories: benchmark runs, rollbacks, check runs, overrides… newest last. */
	history: Record<string, Array<{at: string} & Record<string, unknown>>>;
	/** Engineer → training modules completed. */
	trainings: Record<string, {completedAt?: string; modules: Record<string, string>}>;
	/** Measured baselines (e.g. the regular stack's memory before migrating). */
	baselines: Record<string, {value: number; unit: string; at: string; method: string}>;
};

export type StoreShape = {schemaVersion: number; projects: Record<string, ProjectProgress>};

type Migration = (data: any) => any;

/** Each migration takes the store from version N to N + 1. */
export const migrations: Record<number, Migration> = {
	// 1 → 2: `checklist` and `benchmarks` top-level fields became histories, and baselines appeared.
	1(data) {
		for (const project of Object.values<any>(data.projects ?? {})) {
			project.history ??= {};
			if (project.checklist) project.history.check = [project.checklist];
			if (project.benchmarks) project.history.bench = project.benchmarks;
			delete project.checklist;
			delete project.benchmarks;
			project.baselines ??= {};
		}

		return {...data, schemaVersion: 2};
	},
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function migrate(data: any): StoreShape {
	// Valid JSON of another shape is as unreadable as broken JSON: it is moved aside too.
	if (!isObject(data)) throw new Error('not a progress store (expected an object)');
	if (data.projects !== undefined && !isObject(data.projects)) throw new Error('not a progress store ("projects" is not an object)');
	if (data.schemaVersion !== undefined && !Number.isInteger(data.schemaVersion)) throw new Error('not a progress store ("schemaVersion" is not a whole number)');
	let current: StoreShape = {schemaVersion: (data.schemaVersion as number | undefined) ?? 1, projects: (data.projects as StoreShape['projects'] | undefined) ?? {}};
	while (current.schemaVersion < schemaVersion) {
		const step = migrations[current.schemaVersion];
		if (!step) throw new Error(`no migration from progress schema ${current.schemaVersion}`);
		current = step(current);
	}

	if (current.schemaVersion > schemaVersion) {
		throw new Error(`the progress store is from a newer alpinist (schema ${current.schemaVersion}, this one reads ${schemaVersion})`);
	}

	return current;
}

export type ProgressOptions = {
	/** Directory of the store file; tests give a temporary one. Default: the user's config dir. */
	cwd?: string;
	projectPath: string;
};

export {stateDir} from './state-dir.js';

export type ProgressWarning = {message: string; movedTo?: string};

/** How many unreadable store files moved aside are kept (the newest); older ones are removed. */
export const keptCorruptFiles = 5;

type Read = {store: StoreShape; problem?: undefined; changed: boolean} | {store?: undefined; problem: string; changed?: undefined};

const emptyStore = (): StoreShape => ({schemaVersion, projects: {}});

export class ProgressStore {
	readonly key: string;
	/** The state dir: the store file, its corrupt copies and the project locks live here. */
	readonly dir: string;
	readonly file: string;
	/** Set when the store file was unreadable and was moved aside. */
	readonly warning?: ProgressWarning;
	private readonly listeners = new Set<() => void>();
	private projects: StoreShape['projects'];
	private cached?: ProjectProgress;

	constructor(options: ProgressOptions) {
		this.key = path.resolve(options.projectPath);
		this.dir = stateDir(options.cwd);
		this.file = path.join(this.dir, 'progress.json');
		const read = this.read();
		if (read.problem === undefined) {
			this.projects = read.store.projects;
			// An older schema is written back migrated (best effort: the next change writes it anyway).
			if (read.changed) {
				try {
					this.write(read.store);
				} catch {}
			}
		} else {
			this.projects = {};
			this.warning = this.moveAside(read.problem);
		}
	}

	/** The file as stored, migrated to the current schema and validated whole. */
	private read(): Read {
		let text: string;
		try {
			text = readFileSync(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {store: emptyStore(), changed: false};
			return {problem: (error as Error).message};
		}

		let stored: unknown;
		try {
			stored = JSON.parse(text);
		} catch (error) {
			return {problem: `not JSON: ${(error as Error).message}`};
		}

		let migrated: StoreShape;
		try {
			migrated = migrate(stored);
		} catch (error) {
			return {problem: (error as Error).message};
		}

		if (!storeSchema.safeParse(migrated).success) {
			// zod mini starts without messages ("Invalid input"): load the English ones for the report.
			configureZod(en());
			return {problem: `not a progress store: ${describeIssues(storeSchema.safeParse(migrated).error?.issues ?? [])}`};
		}

		return {store: migrated, changed: !isDeepStrictEqual(migrated, stored)};
	}

	/** An unreadable store is moved aside (the newest few kept) and reported; a new one starts. */
	private moveAside(problem: string): ProgressWarning {
		const movedTo = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
		let moved = false;
		try {
			renameSync(this.file, movedTo);
			moved = true;
			pruneOldest(this.dir, 'progress.json.corrupt-', keptCorruptFiles);
		} catch {}

		return {
			message: `The progress store ${this.file} could not be read (${problem}); ${moved ? `it was moved to ${movedTo} and a new one started` : 'a new one was started'}.`,
			movedTo: moved ? movedTo : undefined,
		};
	}

	private write(store: StoreShape): void {
		mkdirSync(this.dir, {recursive: true});
		writeFileAtomic(this.file, `${JSON.stringify(store, undefined, '\t')}\n`);
	}

	/** Applies a change to the store as it is on disk now (under the file's mutex), then notifies. */
	private change(apply: (projects: StoreShape['projects']) => StoreShape['projects']): void {
		mkdirSync(this.dir, {recursive: true});
		withFileMutex(this.file, () => {
			const read = this.read();
			// Broken by someone else since we loaded it: kept aside too, never overwritten blindly.
			if (read.problem !== undefined) this.moveAside(read.problem);
			const projects = apply(read.store?.projects ?? {});
			this.write({schemaVersion, projects});
			this.projects = projects;
		});
		this.cached = undefined;
		for (const listener of this.listeners) listener();
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	private fresh(): ProjectProgress {
		const now = new Date().toISOString();
		return {path: this.key, createdAt: now, updatedAt: now, defaultVariant: 'regular', steps: {}, history: {}, trainings: {}, baselines: {}};
	}

	/** The project's progress (stable object between changes, for useSyncExternalStore). */
	get = (): ProjectProgress => {
		this.cached ??= this.projects[this.key] ?? this.fresh();
		return this.cached;
	};

	update(change: (progress: ProjectProgress) => ProjectProgress | void): ProjectProgress {
		let next!: ProjectProgress;
		this.change(projects => {
			const current = structuredClone(projects[this.key] ?? this.fresh());
			next = change(current) ?? current;
			next.updatedAt = new Date().toISOString();
			return {...projects, [this.key]: next};
		});
		return this.get();
	}

	recordStep(id: string, record: Omit<StepRecord, 'at'> & {at?: string}): void {
		this.update(progress => {
			progress.steps[id] = {...record, at: record.at ?? new Date().toISOString()};
		});
	}

	step(id: string): StepRecord | undefined {
		return this.get().steps[id];
	}

	append(kind: string, item: Record<string, unknown>): void {
		this.update(progress => {
			(progress.history[kind] ??= []).push({at: new Date().toISOString(), ...item});
		});
	}

	history<T = Record<string, unknown>>(kind: string): Array<T & {at: string}> {
		return (this.get().history[kind] ?? []) as Array<T & {at: string}>;
	}

	setBaseline(name: string, value: number, unit: string, method: string): void {
		this.update(progress => {
			progress.baselines[name] = {value, unit, method, at: new Date().toISOString()};
		});
	}

	setDefaultVariant(variant: 'regular' | 'alpine'): void {
		this.update(progress => {
			progress.defaultVariant = variant;
		});
	}

	/** Forgets this project's progress (the wizard's "start over"). */
	reset(): void {
		this.change(({[this.key]: _removed, ...rest}) => rest);
	}
}
