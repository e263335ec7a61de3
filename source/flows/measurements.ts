import {formatMB, formatMs} from '../format.js';
import type {ProjectConfig} from '../project/config.js';
import type {Variant} from '../project/discover.js';

/**
 * The guide's Step 2 figures, held against its expectations: startup under 10 s, memory under
 * 800 MB, backend image about 186 MB. A miss is a warning, not a failure: the guide states them as
 * expectations. They apply to the Alpine variants only; the regular stack is measured and shown.
 */

export type Judgement = 'pass' | 'warn' | 'skip';

export type Measurement = {
	name: string;
	/** What was measured, undefined when it could not be. */
	value?: number;
	unit: 'ms' | 'bytes';
	expected?: number;
	/** below: value < expected · atMost: value ≤ expected (the guide's "~186MB" is an upper bound). */
	comparison: 'below' | 'atMost';
	status: Judgement;
	/** How the figure was measured: runs, clock, formula. */
	method: string;
	note?: string;
};

/** The guide's expectations are upper bounds: "Backend ~186MB (vs 847MB regular)" passes at 186 MB or less. */
export function judge(value: number | undefined, expected: number | undefined, comparison: Measurement['comparison'], applies: boolean): Judgement {
	if (value === undefined || expected === undefined || !applies) return 'skip';
	if (comparison === 'below') return value < expected ? 'pass' : 'warn';
	return value <= expected ? 'pass' : 'warn';
}

/** How an expectation is written: "< 10.00 s", "≤ 186.0 MB". */
export function expectationText(measurement: Pick<Measurement, 'comparison' | 'unit' | 'expected'>): string {
	return measurement.expected === undefined ? '–' : `${measurement.comparison === 'below' ? '<' : '≤'} ${formatValue(measurement.unit, measurement.expected)}`;
}

export function expectationsApply(variant: Variant): boolean {
	return variant !== 'regular';
}

export function formatValue(unit: Measurement['unit'], value: number | undefined): string {
	if (value === undefined) return '–';
	return unit === 'ms' ? formatMs(value) : formatMB(value);
}

/** "startup 3.21 s (expected < 10.00 s): pass" */
export function describeMeasurement(measurement: Measurement): string {
	const expected = measurement.expected === undefined ? '' : ` (expected ${expectationText(measurement)})`;
	const note = measurement.note ? ` — ${measurement.note}` : '';
	return `${measurement.name} ${formatValue(measurement.unit, measurement.value)}${expected}: ${measurement.status}${note}`;
}

export type MeasureInput = {
	variant: Variant;
	config: ProjectConfig;
	startupMs?: number;
	startupMethod?: string;
	startupNote?: string;
	memory?: {total: number; containers: number};
	images: Array<{service: string; image: string; bytes: number}>;
};

export function measure(input: MeasureInput): Measurement[] {
	const applies = expectationsApply(input.variant);
	const note = applies ? undefined : "the guide's expectations are for the Alpine variant";
	const {expectations} = input.config;
	const rows: Measurement[] = [
		{
			name: 'startup',
			value: input.startupMs,
			unit: 'ms',
			expected: expectations.startup,
			comparison: 'below',
			status: judge(input.startupMs, expectations.startup, 'below', applies),
			method: input.startupMethod ?? 'from `compose up` to the last service healthy (health_status events), monotonic clock, 1 run',
			note: input.startupNote ?? note,
		},
		{
			name: 'memory',
			value: input.memory?.total,
			unit: 'bytes',
			expected: expectations.memory,
			comparison: 'below',
			status: judge(input.memory?.total, expectations.memory, 'below', applies),
			method: `sum over ${input.memory?.containers ?? 0} containers of docker stats memory (usage − inactive file), one sample each, once healthy`,
			note,
		},
	];
	for (const image of input.images) {
		const expected = expectations.imageSizes[image.service];
		rows.push({
			name: `image ${image.service}`,
			value: image.bytes,
			unit: 'bytes',
			expected,
			comparison: 'atMost',
			status: judge(image.bytes, expected, 'atMost', applies),
			method: `size of ${image.image} as docker images shows it (image inspect Size: uncompressed, shared layers included), the figure the guide's "docker images" check means; decimal MB`,
			note: expected === undefined ? 'no expectation for this image' : note,
		});
	}

	return rows;
}
