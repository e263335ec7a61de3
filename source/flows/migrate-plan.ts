import type {StepRecord} from '../project/progress.js';
import {type StackState, stackSummary} from './stack-state.js';

/** What `migrate` decides before it runs anything: where to resume. Pure. */

export const migrateSteps = [
	{id: 'migrate.enable', title: 'Enable Alpine mode'},
	{id: 'migrate.build', title: 'Build Alpine images'},
	{id: 'migrate.start', title: 'Start the Alpine stack'},
	{id: 'migrate.healthy', title: 'Wait until every service is healthy'},
	{id: 'migrate.verify', title: 'Verify the Alpine deployment'},
] as const;

export type MigrateStepId = (typeof migrateSteps)[number]['id'];

/** An ISO time as people read it in a log: 2025-01-31 14:02:09 (local time). */
export function formatDate(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export const titleOf = (id: string) => migrateSteps.find(step => step.id === id)?.title ?? id;

const done = (record: StepRecord | undefined) => record?.status === 'pass' || record?.status === 'warn';

/** The checklist gate is the project's one gate (project/gate.ts). */
export {checkGate, type MigrateGate as Gate} from '../project/gate.js';

export type BuildRecord = {
	images?: Array<{service: string; image: string; id: string; bytes: number}>;
	/** The Compose that built them (absent in records older than this field). */
	compose?: {version: string; versionString: string};
};

/** Why recorded images are not trusted: they are not the ones the Compose in use will run. */
export function staleBuildMessage(stale: Array<{service: string; recorded: string; expected: string}>, recordedBy: BuildRecord['compose'], now: {version: string; versionString: string}): string {
	const by = recordedBy ? `Compose ${recordedBy.version} ${recordedBy.versionString}` : 'an earlier run';
	return `The images recorded as built (by ${by}) are not those Compose ${now.version} ${now.versionString} will run: ${stale.map(image => `${image.service} was built as ${image.recorded}, Compose now runs ${image.expected}`).join('; ')}. Building again.`;
}

export type ResumeInput = {
	records: Partial<Record<MigrateStepId, StepRecord>>;
	/** Services whose recorded image is gone from the engine. */
	missingImages: string[];
	/** The Alpine stack as it stands now. */
	stack: StackState;
	forceRebuild: boolean;
};

export type ResumePlan = {
	skipEnable: boolean;
	skipBuild: boolean;
	/** The stack is up and healthy with the recorded images: no start needed. */
	skipStart: boolean;
	/** A step an earlier run left running (a crash) or interrupted (Ctrl+C). */
	interrupted?: {id: string; title: string; status: string; at: string};
	/** Containers exist but not every service is ready. */
	halfStarted: boolean;
	/** What a person reads before the steps run. */
	lines: Array<{level: 'info' | 'warn'; text: string}>;
};

export function planResume(input: ResumeInput): ResumePlan {
	const {records, stack} = input;
	const lines: ResumePlan['lines'] = [];
	const stopped = migrateSteps.find(step => records[step.id]?.status === 'running' || records[step.id]?.status === 'interrupted');
	const interrupted = stopped && {id: stopped.id, title: stopped.title, status: records[stopped.id]!.status, at: records[stopped.id]!.at};
	if (interrupted) {
		const how = interrupted.status === 'running' ? 'was still running when the last run ended (a crash or a kill)' : 'was interrupted';
		lines.push({level: 'warn', text: `${interrupted.title} ${how} at ${formatDate(interrupted.at)}: resuming.`});
	}

	const skipEnable = done(records['migrate.enable']);
	const built = done(records['migrate.build']) && ((records['migrate.build']?.data as BuildRecord | undefined)?.images?.length ?? 0) > 0;
	let skipBuild = false;
	if (built && input.forceRebuild) lines.push({level: 'info', text: '--force-rebuild: building the images again without cache.'});
	else if (built && input.missingImages.length > 0) lines.push({level: 'warn', text: `Images recorded as built are gone from the engine or were replaced (${input.missingImages.join(', ')}): building again.`});
	else if (built) {
		skipBuild = true;
		lines.push({level: 'info', text: `Alpine images were built at ${formatDate(records['migrate.build']!.at)} and are still in the engine: going on to start (--force-rebuild rebuilds).`});
	}

	const skipStart = skipBuild && stack.healthy;
	if (skipStart) lines.push({level: 'info', text: `The Alpine stack ${stack.projectName} is already up and healthy: no start needed.`});
	const halfStarted = stack.half;
	if (halfStarted) {
		lines.push({level: 'warn', text: `Found the Alpine stack ${stack.projectName} half-started: ${stackSummary(stack)}. Its containers are removed (volumes kept) and it is started again.`});
	}

	return {skipEnable, skipBuild, skipStart, interrupted, halfStarted, lines};
}
