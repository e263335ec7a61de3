import {existsSync, readFileSync, renameSync} from 'node:fs';
import {isDeepStrictEqual} from 'node:util';
import path from 'node:path';
import Conf from 'conf';
import {stateDir} from './state-dir.js';

/**
 * What an engineer has done on a project, kept with conf so the wizard can stop and resume.
 * One store file holds every project, keyed by the project's absolute path.
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

type StoreShape = {schemaVersion: number; projects: Record<string, ProjectProgress>};

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

export class ProgressStore {
	private readonly conf: Conf<StoreShape>;
	readonly key: string;
	/** Set when the store file was unreadable and was moved aside. */
	readonly warning?: ProgressWarning;
	private readonly listeners = new Set<() => void>();
	private cached?: ProjectProgress;

	constructor(options: ProgressOptions) {
		this.key = path.resolve(options.projectPath);
		const confOptions = {
			projectName: 'alpinist',
			projectSuffix: '',
			cwd: stateDir(options.cwd),
			configName: 'progress',
			clearInvalidConfig: false,
			// No conf defaults: conf would merge them into the file before migrate() sees it, and an
			// old store that never wrote its schemaVersion would pass for the current one.
		};
		let conf: Conf<StoreShape>;
		let warning: ProgressWarning | undefined;
		try {
			conf = new Conf<StoreShape>(confOptions);
			// The file as written (conf's view coerces an array into an object): a fresh store is current.
			const stored: unknown = existsSync(conf.path) ? JSON.parse(readFileSync(conf.path, 'utf8')) : undefined;
			const migrated = stored === undefined ? {schemaVersion, projects: {}} : migrate(stored);
			if (!isDeepStrictEqual(migrated, stored)) conf.store = migrated;
		} catch (error) {
			// A corrupt or unreadable store is moved aside, reported, and a fresh one started.
			const file = path.join(confOptions.cwd, 'progress.json');
			const movedTo = `${file}.corrupt-${Date.now()}`;
			let moved = false;
			try {
				if (existsSync(file)) {
					renameSync(file, movedTo);
					moved = true;
				}
			} catch {}

			warning = {
				message: `The progress store ${file} could not be read (${(error as Error).message}); ${moved ? `it was moved to ${movedTo} and a new one started` : 'a new one was started'}.`,
				movedTo: moved ? movedTo : undefined,
			};
			conf = new Conf<StoreShape>(confOptions);
			conf.store = {schemaVersion, projects: {}};
		}

		this.conf = conf;
		this.warning = warning;
	}

	get file(): string {
		return this.conf.path;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** The project's progress (stable object between changes, for useSyncExternalStore). */
	get = (): ProjectProgress => {
		if (this.cached) return this.cached;
		const projects = this.conf.get('projects') ?? {};
		const now = new Date().toISOString();
		this.cached = projects[this.key] ?? {
			path: this.key,
			createdAt: now,
			updatedAt: now,
			defaultVariant: 'regular',
			steps: {},
			history: {},
			trainings: {},
			baselines: {},
		};
		return this.cached;
	};

	update(change: (progress: ProjectProgress) => ProjectProgress | void): ProjectProgress {
		const current = structuredClone(this.get());
		const next = change(current) ?? current;
		next.updatedAt = new Date().toISOString();
		const projects = {...this.conf.get('projects'), [this.key]: next};
		this.conf.set('projects', projects);
		this.cached = next;
		for (const listener of this.listeners) listener();
		return next;
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
		const {[this.key]: _removed, ...rest} = this.conf.get('projects') ?? {};
		this.conf.set('projects', rest);
		this.cached = undefined;
		for (const listener of this.listeners) listener();
	}
}
