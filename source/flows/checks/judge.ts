import {formatMB, formatPercent} from '../../format.js';
import type {CheckStatus} from './types.js';

/** The judgements of the checklist, pure: figures in, pass / warn / fail with the reason out. */

export type Verdict = {status: CheckStatus; reason: string};

const worse: Record<CheckStatus, number> = {pass: 0, skip: 0, warn: 1, fail: 2};

export function worst(statuses: CheckStatus[]): CheckStatus {
	return statuses.reduce<CheckStatus>((current, status) => (worse[status] > worse[current] ? status : current), 'pass');
}

export type MemorySample = {name: string; bytes: number; limit?: number};

/** A container at its memory limit is being squeezed (and may be OOM-killed): its reading is no baseline. */
export function judgeMemoryUse(samples: MemorySample[], levels = {warn: 0.8, fail: 0.9}): Verdict {
	let verdict: Verdict = {status: 'pass', reason: 'every container well under its limit'};
	for (const sample of samples) {
		if (!sample.limit) continue;
		const ratio = sample.bytes / sample.limit;
		const reason = `${sample.name} uses ${formatPercent(ratio * 100, 0)} of its ${formatSize(sample.limit)} limit`;
		if (ratio >= levels.fail) return {status: 'fail', reason};
		if (ratio >= levels.warn && verdict.status === 'pass') verdict = {status: 'warn', reason};
	}

	return verdict;
}

/** The guide recommends more than 4 GB available for parallel testing. */
export function judgeFreeMemory(available: number, requirements: {freeMemory: number; minFreeMemory: number}): Verdict {
	if (available < requirements.minFreeMemory) return {status: 'fail', reason: `${formatSize(available)} available, below the ${formatSize(requirements.minFreeMemory)} minimum`};
	if (available < requirements.freeMemory) return {status: 'warn', reason: `${formatSize(available)} available, below the ${formatSize(requirements.freeMemory)} the guide recommends for parallel testing`};
	return {status: 'pass', reason: `${formatSize(available)} available`};
}

export function judgeFreeDisk(free: number, requirements: {freeDisk: number; minFreeDisk: number}): CheckStatus {
	if (free < requirements.minFreeDisk) return 'fail';
	if (free < requirements.freeDisk) return 'warn';
	return 'pass';
}

/** Free disk at the engine root against the estimated size of the Alpine images. */
export function judgeImageSpace(free: number, need: number, headroom: number): CheckStatus {
	if (free < need) return 'fail';
	if (free < need * headroom) return 'warn';
	return 'pass';
}

export type PortProbe = {
	port: number;
	protocol: 'tcp' | 'udp';
	/** Whether this machine could bind it just now. */
	bindable: boolean;
	bindError?: string;
	/** A container publishing the port, from the engine's listing. */
	container?: {name: string; project?: string};
	/** A process listening on it, from /proc (best effort). */
	process?: {pid: number; command: string};
};

export type PortVerdict = Verdict & {holder?: string; ours: boolean};

/**
 * A port is fine when free, or when the project's own Alpine stack holds it (already running).
 * Anything else holding it stops the Alpine stack from starting.
 */
/** `handover`: projects that migrate stops first when they hold the Alpine stack's ports (the regular stack). */
export function judgePort(probe: PortProbe, ownProjects: string[], handover: string[] = []): PortVerdict {
	if (probe.container) {
		const ours = probe.container.project !== undefined && ownProjects.includes(probe.container.project);
		const holder = `container ${probe.container.name}`;
		if (!ours && probe.container.project !== undefined && handover.includes(probe.container.project)) {
			return {status: 'warn', reason: `held by ${holder} of the regular stack: \`alpinist migrate\` stops it first (same host ports)`, holder, ours: false};
		}

		return ours
			? {status: 'pass', reason: `held by ${holder} of this stack (already running)`, holder, ours}
			: {status: 'fail', reason: `held by ${holder}${probe.container.project ? ` (compose project ${probe.container.project})` : ''}`, holder, ours};
	}

	if (probe.bindable) return {status: 'pass', reason: 'free', ours: false};
	if (probe.process) {
		const holder = `process ${probe.process.pid} (${probe.process.command})`;
		return {status: 'fail', reason: `held by ${holder}`, holder, ours: false};
	}

	if (probe.bindError && !/EADDRINUSE/.test(probe.bindError)) {
		return {status: 'warn', reason: `could not test (${probe.bindError})`, ours: false};
	}

	return {status: 'fail', reason: 'held by a process outside Docker', holder: 'a process outside Docker', ours: false};
}

/**
 * The one-line value of a ports check where nothing is in the way: which ports are free and which
 * the project's own Alpine stack holds already (a pass too: it is the stack that will use them).
 */
export function passingPortsValue(rows: Array<{port: number; service: string; verdict: PortVerdict}>): string {
	const list = (some: typeof rows) => some.map(row => `${row.port} (${row.service})`).join(', ');
	const plural = (count: number) => `${count} ${count === 1 ? 'port' : 'ports'}`;
	const free = rows.filter(row => !row.verdict.ours);
	const ours = rows.filter(row => row.verdict.ours);
	const parts = [
		free.length > 0 ? `${plural(free.length)} free: ${list(free)}` : undefined,
		ours.length > 0 ? `${free.length > 0 ? ours.length : plural(ours.length)} held by this project's Alpine stack (already running): ${list(ours)}` : undefined,
	];
	return parts.filter(Boolean).join('; ');
}

/** Decimal units as the guide writes them: MB below a gigabyte, GB above. */
export function formatSize(bytes: number, digits = 1): string {
	return Math.abs(bytes) >= 1e9 ? `${(bytes / 1e9).toFixed(digits)} GB` : formatMB(bytes, digits);
}
