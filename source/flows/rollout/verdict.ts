import {formatBytes} from '../../format.js';
import type {Comparison} from './compare.js';

/**
 * The canary's verdict against the thresholds (with --yes they decide; otherwise a person does,
 * after reading it). Fail: a canary not running and healthy, or failing health probes, or memory
 * or CPU beyond the limits. Warn: figures missing, or slower probe answers.
 */

export const thresholds = {
	/** The canary's memory may be at most this many times the regular tasks' median. */
	memRatio: 1.5,
	/** CPU: at most this many times the regular median plus `cpuSlackPoints` percentage points. */
	cpuRatio: 2,
	cpuSlackPoints: 5,
	/** Mean probe time: warn beyond this many times the regular one plus 100 ms. */
	probeRatio: 3,
};

export type Verdict = {service: string; status: 'pass' | 'warn' | 'fail'; reasons: string[]; figures: string[]};

const pct = (value: number) => `${value.toFixed(1)} %`;

export function judgeCanary(comparison: Comparison, health: {running: boolean; healthy: boolean; note?: string}): Verdict {
	const fail: string[] = [];
	const warn: string[] = [];
	const figures: string[] = [];
	if (!health.running || !health.healthy) fail.push(health.note ?? 'the canary is not running and healthy at the end of the monitor period');
	const failures = comparison.canary.reduce((sum, entry) => sum + entry.probeFailures, 0);
	const probes = comparison.canary.reduce((sum, entry) => sum + entry.probes, 0);
	if (failures > 0) {
		const last = comparison.canary.find(entry => entry.lastProbe && entry.lastProbe.exitCode !== 0)?.lastProbe;
		fail.push(`${failures} of the canary's last ${probes} health probes failed${last ? ` (last: exit ${last.exitCode}${last.output ? `, "${last.output}"` : ''})` : ''}`);
	}

	const {canaryMem, regularMem, canaryCpu, regularCpu, canaryProbeMs, regularProbeMs} = comparison;
	if (canaryMem !== undefined && regularMem !== undefined) {
		figures.push(`memory ${formatBytes(canaryMem)} canary against ${formatBytes(regularMem)} regular (median of the stats samples)`);
		if (canaryMem > regularMem * thresholds.memRatio) fail.push(`the canary uses ${(canaryMem / regularMem).toFixed(2)}× the regular memory (limit ${thresholds.memRatio}×)`);
	} else warn.push('memory not compared: no stats for one side');

	if (canaryCpu !== undefined && regularCpu !== undefined) {
		figures.push(`CPU ${pct(canaryCpu)} canary against ${pct(regularCpu)} regular`);
		const limit = regularCpu * thresholds.cpuRatio + thresholds.cpuSlackPoints;
		if (canaryCpu > limit) fail.push(`the canary's CPU ${pct(canaryCpu)} is above ${pct(limit)} (${thresholds.cpuRatio}× regular + ${thresholds.cpuSlackPoints} points)`);
	} else warn.push('CPU not compared: no stats for one side');

	if (canaryProbeMs !== undefined && regularProbeMs !== undefined) {
		figures.push(`health probe ${canaryProbeMs.toFixed(0)} ms canary against ${regularProbeMs.toFixed(0)} ms regular (mean of the engine's last probes)`);
		if (canaryProbeMs > regularProbeMs * thresholds.probeRatio + 100) warn.push(`the canary's health probe takes ${canaryProbeMs.toFixed(0)} ms against ${regularProbeMs.toFixed(0)} ms`);
	}

	figures.push(`figures: ${comparison.had}`);
	const status = fail.length > 0 ? 'fail' : warn.length > 0 ? 'warn' : 'pass';
	return {service: comparison.service, status, reasons: [...fail, ...warn], figures};
}
