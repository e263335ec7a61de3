import path from 'node:path';
import {ComposeFileError} from '../../project/compose-model/yaml-file.js';
import type {ComposeModel} from '../../project/compose-model/model.js';
import {ExitCode} from '../exit-code.js';
import {runStep} from '../recorded-step.js';
import type {BaseEvent, Flow, FlowContext} from '../types.js';
import {type PlannedFile, planFiles, regularFiles, writeAtomic} from './files.js';
import {InitInputError, readRegularModel, regularComposeFiles} from './read.js';
import {decideServices, rowLine, rowsExitCode, type ServiceRow} from './services.js';
import {registryLookup, verifyRows} from './verify-tags.js';
import {engineRegistryConfig} from './engine-registries.js';

/**
 * `alpinist init`: the whole Alpine variant of a project that has only its regular compose file.
 * Read the regular model → decide each service (convert its Dockerfile, or map its image) →
 * verify the mapped tags against their registries → show the plan → (confirmed) write the Alpine
 * Dockerfiles, the Alpine compose file, the Alpine test file and the config entries. Nothing is
 * written on a dry run; an existing Alpine file is only overwritten with --force; the regular
 * files are never written.
 */

export type InitInput = {
	force?: boolean;
	/** Regular compose files (`--file`), default as compose picks them. */
	files?: string[];
	/** Services whose Alpine form is not taken (the screen's "skip"): they stay as in the regular file. */
	skip?: string[];
	/** Registry lookups: default the real registries; `false` asks none (offline). */
	verify?: boolean;
	timeoutMs?: number;
	/** A plan already read, decided and verified (the screen's): only the files are planned again, with `skip`. */
	planned?: Pick<InitPlan, 'model' | 'rows'>;
};

export type InitFileReport = {path: string; action: PlannedFile['action'] | 'written' | 'skipped'; role: PlannedFile['role']; change?: string};

export type InitReport = {
	regular: string[];
	services: ServiceRow[];
	files: InitFileReport[];
	written: boolean;
};

export type InitPlan = {model: ComposeModel; rows: ServiceRow[]; files: PlannedFile[]};

/** Read, decide and verify: everything but writing (the screen shows this, then writes what is accepted). */
export async function* planInit(context: FlowContext, input: InitInput): AsyncGenerator<BaseEvent, InitPlan | {error: string; exitCode: number}, void> {
	const {project} = context;
	let model: ComposeModel | undefined;
	let failure: {error: string; exitCode: number} | undefined;
	yield* runStep('init.read', 'Read the regular Compose model', async () => {
		try {
			model = readRegularModel(project, regularComposeFiles(project, input.files));
		} catch (error) {
			if (error instanceof ComposeFileError || error instanceof InitInputError) {
				failure = {error: error.message, exitCode: ExitCode.usage};
				return {status: 'fail', summary: error.message};
			}

			throw error;
		}

		const builds = model.services.filter(service => service.build).length;
		const detail = [...model.problems.map(problem => `problem: ${problem}`), ...(model.missingVariables.length > 0 ? [`unset variables (empty, as compose does): ${model.missingVariables.join(', ')}`] : [])];
		const files = model.sources.map(file => path.relative(project.root, file)).join(', ');
		return {status: model.problems.length > 0 ? 'warn' : 'pass', summary: `${files}: ${model.services.length} services (${builds} build, ${model.services.length - builds} image)`, detail};
	});
	if (failure || !model) return failure ?? {error: 'the regular model could not be read', exitCode: ExitCode.usage};
	const read = model;
	if (read.services.length === 0) return {error: `${path.relative(project.root, read.files[0]!)} defines no services`, exitCode: ExitCode.usage};

	let rows: ServiceRow[] = [];
	yield* runStep('init.decide', 'Decide each service: convert its Dockerfile or map its image', async () => {
		rows = decideServices(read, project.config.imageSubstitutions);
		const counts = countBy(rows);
		return {status: rowsExitCode(rows) === 0 ? 'pass' : 'warn', summary: counts};
	});

	const wanted = rows.some(row => row.images.length > 0);
	if (wanted && input.verify !== false) {
		yield* runStep('init.verify', 'Verify the Alpine tags against their registries', async () => {
			const registries = await engineRegistryConfig(context);
			const timeoutMs = input.timeoutMs ?? (Number(process.env.ALPINIST_REGISTRY_TIMEOUT) || 5000);
			const inEngine = async (image: string) => registries.reachable && Boolean(await context.docker.getImage(image).inspect().catch(() => undefined));
			rows = await verifyRows(rows, registryLookup({timeoutMs, signal: context.signal, mirrors: registries.mirrors, insecure: registries.insecure}), inEngine);
			const asked = rows.filter(row => row.images.length > 0);
			const verified = asked.filter(row => row.verified).length;
			const missing = asked.filter(row => row.status === 'flagged' && /does not exist/.test(row.reason)).length;
			return {
				status: missing > 0 ? 'warn' : 'pass',
				summary: `${verified}/${asked.length} confirmed by a registry${verified < asked.length ? `; ${asked.length - verified - missing} not verified` : ''}${missing > 0 ? `; ${missing} tag${missing === 1 ? '' : 's'} missing` : ''}`,
				detail: asked.map(row => `${row.name.padEnd(14)} ${row.verification}`),
			};
		});
	}

	const skip = new Set(input.skip ?? []);
	const files = planFiles({project, model: read, rows, accepted: row => !skip.has(row.name), force: Boolean(input.force)});
	const forbidden = new Set(regularFiles(read));
	const clash = files.find(file => forbidden.has(file.path));
	if (clash) return {error: `${path.relative(project.root, clash.path)} is a regular file of the project: init never writes it (check "compose" in ${path.basename(project.configFile ?? 'alpinist.config.json')})`, exitCode: ExitCode.usage};
	return {model: read, rows, files};
}

function countBy(rows: ServiceRow[]): string {
	const counts = new Map<string, number>();
	for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
	return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

const describeAction: Record<PlannedFile['action'], string> = {
	create: 'create',
	overwrite: 'overwrite (--force)',
	unchanged: 'unchanged',
	exists: 'exists and differs: kept (--force overwrites)',
};

export function planLines(plan: InitPlan, root: string): string[] {
	const lines = plan.rows.map(row => rowLine(row, root));
	lines.push('Files:');
	for (const file of plan.files) lines.push(`  ${describeAction[file.action].padEnd(16)} ${path.relative(root, file.path)}${file.change ? `  (${file.change})` : ''}`);
	return lines;
}

/** Writes the files of the plan that need it; returns what happened to each. */
export function writePlan(plan: InitPlan): InitFileReport[] {
	return plan.files.map(file => {
		if (file.action === 'create' || file.action === 'overwrite') {
			writeAtomic(file.path, file.content);
			return {path: file.path, role: file.role, action: 'written' as const, change: file.change};
		}

		return {path: file.path, role: file.role, action: file.action === 'exists' ? ('skipped' as const) : file.action, change: file.change};
	});
}

/** The data events init yields: its plan, once decided and verified. */
export type InitEvents = {'init.plan': InitPlan};

/** The files of a decided plan, with the services in `skip` left as in the regular file. */
export function replan(context: FlowContext, plan: Pick<InitPlan, 'model' | 'rows'>, input: Pick<InitInput, 'skip' | 'force'>): InitPlan {
	const skip = new Set(input.skip ?? []);
	return {...plan, files: planFiles({project: context.project, model: plan.model, rows: plan.rows, accepted: row => !skip.has(row.name), force: Boolean(input.force)})};
}

/** Read, decide and verify only: what the project-wide Convert screen shows before anything is written. */
export const initPlanFlow: Flow<InitInput, InitPlan> = async function* (context, input) {
	const planned = yield* planInit(context, input);
	if ('error' in planned) return {ok: false, exitCode: planned.exitCode, summary: planned.error};
	return {ok: rowsExitCode(planned.rows) === 0, exitCode: rowsExitCode(planned.rows), data: planned};
};

export const initFlow: Flow<InitInput, InitReport, InitEvents> = async function* (context, input) {
	const planned = input.planned ? replan(context, input.planned, input) : yield* planInit(context, input);
	if ('error' in planned) return {ok: false, exitCode: planned.exitCode, summary: planned.error};
	const {project} = context;
	const report: InitReport = {regular: planned.model.files, services: planned.rows, files: planned.files.map(file => ({path: file.path, role: file.role, action: file.action, change: file.change})), written: false};
	yield {type: 'data', kind: 'init.plan', data: planned};
	for (const line of planLines(planned, project.root)) yield {type: 'message', level: 'info', text: line};
	const exitCode = rowsExitCode(planned.rows);
	const pending = planned.files.filter(file => file.action === 'create' || file.action === 'overwrite');
	const blocked = planned.files.filter(file => file.action === 'exists');
	const blockedNote = blocked.length > 0 ? ` ${blocked.length} existing file${blocked.length === 1 ? '' : 's'} differ${blocked.length === 1 ? 's' : ''} from what init would write: --force overwrites.` : '';
	if (context.dryRun) return {ok: exitCode === 0, exitCode, summary: `Dry run: nothing written (${pending.length} file${pending.length === 1 ? '' : 's'} would be).${blockedNote}`, data: report};
	if (pending.length === 0) {
		return {ok: exitCode === 0 && blocked.length === 0, exitCode: blocked.length > 0 ? 1 : exitCode, summary: `Nothing to write: the Alpine files are up to date.${blockedNote}`, data: report};
	}

	const confirmed = await context.confirm({
		title: `Write the Alpine variant of ${project.name}`,
		items: pending.map(file => `${file.action === 'overwrite' ? 'overwrite' : 'create'} ${path.relative(project.root, file.path)}`),
		action: 'write',
		destructive: pending.some(file => file.action === 'overwrite'),
	});
	if (!confirmed) return {ok: false, exitCode: ExitCode.usage, summary: 'Not confirmed: nothing written.', data: report};
	let written: InitFileReport[] = [];
	yield* runStep('init.write', 'Write the Alpine files', async () => {
		written = writePlan(planned);
		const count = written.filter(file => file.action === 'written').length;
		return {status: 'pass', summary: `${count} file${count === 1 ? '' : 's'} written`, detail: written.filter(file => file.action === 'written').map(file => path.relative(project.root, file.path))};
	});
	report.files = written;
	report.written = true;
	context.progress.recordStep('init.write', {status: exitCode === 0 ? 'pass' : 'warn', summary: countBy(planned.rows)});
	const next = exitCode === 0 ? 'Next: `alpinist check`, then `alpinist migrate`.' : 'Some services are kept or flagged (see above); then `alpinist check` and `alpinist migrate`.';
	return {ok: exitCode === 0 && blocked.length === 0, exitCode: blocked.length > 0 ? 1 : exitCode, summary: `Wrote the Alpine variant.${blockedNote} ${next}`, data: report};
};
