import {evaluate, guideTargets, type RecordedMetric, type Spread, spread, type TargetId} from './stats.js';
import type {BenchVariant, CapacityResult, MetricRow, TargetSummary, VariantSample} from './types.js';
import {footprintMethod} from '../../docker/footprint.js';

/** The service whose image the guide's image-size figures are ("186MB vs 847MB backend"). */
export const guideImageService = 'backend';

/**
 * Turns the samples of every run into the rows of the side-by-side table: one spread per variant,
 * the change between the medians, the guide's target where it has one, and how it was measured.
 */

function of(samples: VariantSample[], variant: BenchVariant, pick: (sample: VariantSample) => number | undefined): Spread | undefined {
	return spread(samples.filter(sample => sample.variant === variant && sample.ok).map(pick));
}

/** The stack's images counted once each (two services on one image are one image), bytes as the engine reports them. */
export function distinctImageBytes(sample: VariantSample): number | undefined {
	if (!sample.images || sample.images.length === 0) return undefined;
	const byId = new Map(sample.images.map(image => [image.id, image.bytes]));
	return [...byId.values()].reduce((sum, bytes) => sum + bytes, 0);
}

function row(
	base: Omit<MetricRow, 'regular' | 'alpine' | 'change' | 'target'>,
	regular: Spread | undefined,
	alpine: Spread | undefined,
	target?: TargetId,
): MetricRow {
	const result: MetricRow = {...base, regular, alpine};
	if (!target) return result;
	const definition = guideTargets[target];
	if (regular && alpine) {
		const verdict = evaluate(definition, regular.median, alpine.median);
		result.change = {kind: definition.kind, value: verdict.value};
		result.target = {...verdict, id: target, label: definition.label};
	}

	return result;
}

function capacityRow(capacity: CapacityResult): MetricRow {
	const count = (variant: BenchVariant) => {
		const measured = capacity.variants[variant];
		return measured ? spread([measured.copies]) : undefined;
	};

	const atMax = Object.values(capacity.variants).some(variant => variant?.stoppedBy === 'max');
	return row(
		{
			id: 'capacity',
			label: 'Capacity',
			unit: 'count',
			better: 'higher',
			primary: true,
			method: `copies of the stack (Alpine: its test stack) started side by side, each healthy and passing the smoke test, until the copy just started took the memory of all copies (docker stats, one sample per container right after that copy's smoke test) over the ${Math.round(capacity.budget / 1e6)} MB budget${atMax ? `, or --max ${capacity.max} was reached` : ''}; a copy over the budget does not count`,
		},
		count('regular'),
		count('alpine'),
		'capacity',
	);
}

export type RowOptions = {runs: number; smokeCommand?: string[]; capacity?: CapacityResult};

export function buildRows(samples: VariantSample[], options: RowOptions): MetricRow[] {
	const ok = (variant: BenchVariant) => samples.filter(sample => sample.variant === variant && sample.ok).length;
	const runs = `${ok('regular')} regular and ${ok('alpine')} Alpine run(s) of ${options.runs}, alternating regular/Alpine, each stack removed (down -v) before the next`;
	const rows: MetricRow[] = [];
	const capacityRows = (): MetricRow[] => (options.capacity ? [capacityRow(options.capacity)] : []);
	// A capacity-only benchmark (--runs 0) has no round figures to show.
	if (samples.length === 0) return capacityRows();
	const imageMethod = 'image Size from the engine (image inspect), as `docker images` shows it: uncompressed, layers shared between images counted in each; decimal MB';
	const services = [...new Set(samples.flatMap(sample => sample.images?.map(image => image.service) ?? []))].sort();
	// The guide's "78% smaller (186MB vs 847MB backend)" is one image as `docker images` shows it: the
	// backend's. Without a backend service the target goes to the stack's footprint on disk.
	const targetService = services.includes(guideImageService) ? guideImageService : undefined;
	const layers = (pick: (footprint: NonNullable<VariantSample['footprint']>) => number) => (sample: VariantSample) => (sample.footprint ? pick(sample.footprint) : undefined);
	rows.push(
		row(
			{
				id: 'footprint',
				label: 'Stack on disk',
				unit: 'bytes',
				better: 'lower',
				primary: !targetService,
				method: `${footprintMethod}${targetService ? '' : "; the guide's image-size target is held against this figure (the project has no backend service)"}`,
			},
			of(samples, 'regular', layers(footprint => footprint.total)),
			of(samples, 'alpine', layers(footprint => footprint.total)),
			targetService ? undefined : 'imageSize',
		),
		row({id: 'footprint.unique', label: '  unique', unit: 'bytes', better: 'lower', method: "bytes in layers only one of the stack's images uses; " + footprintMethod}, of(samples, 'regular', layers(footprint => footprint.unique)), of(samples, 'alpine', layers(footprint => footprint.unique))),
		row({id: 'footprint.shared', label: '  shared', unit: 'bytes', better: 'lower', method: "bytes in layers two or more of the stack's images use, counted once; " + footprintMethod}, of(samples, 'regular', layers(footprint => footprint.shared)), of(samples, 'alpine', layers(footprint => footprint.shared))),
		row({id: 'image.listed', label: 'Listed sizes', unit: 'bytes', better: 'lower', method: `the stack's distinct images summed as \`docker images\` lists them (shared layers counted in each: more than the disk holds); ${imageMethod}`}, of(samples, 'regular', distinctImageBytes), of(samples, 'alpine', distinctImageBytes)),
	);
	for (const service of services) {
		const bytes = (sample: VariantSample) => sample.images?.find(image => image.service === service)?.bytes;
		const guide = service === targetService;
		rows.push(
			row(
				{id: `image.${service}`, label: `  ${service}`, unit: 'bytes', better: 'lower', primary: guide, method: guide ? `${imageMethod}; the guide's image-size target (186MB vs 847MB backend) is this figure` : imageMethod},
				of(samples, 'regular', bytes),
				of(samples, 'alpine', bytes),
				guide ? 'imageSize' : undefined,
			),
		);
	}

	rows.push(
		row(
			{id: 'startup', label: 'Startup', unit: 'ms', better: 'lower', primary: true, method: `from \`compose up -d\` until every service reported healthy (engine health_status events), monotonic clock; ${runs}`},
			of(samples, 'regular', sample => sample.startupMs),
			of(samples, 'alpine', sample => sample.startupMs),
			'startup',
		),
		row(
			{id: 'memory', label: 'Memory', unit: 'bytes', better: 'lower', primary: true, method: 'once healthy: sum over the stack\'s containers of docker stats memory (usage − inactive_file), one sample each right after all were healthy'},
			of(samples, 'regular', sample => sample.memoryBytes),
			of(samples, 'alpine', sample => sample.memoryBytes),
			'memory',
		),
		row(
			{id: 'memory.peak', label: 'Memory peak', unit: 'bytes', better: 'lower', method: 'during the smoke test: highest sum of the containers\' memory in the engine\'s stats stream (one sample a second), from just before the smoke test until the first sample after it ended'},
			of(samples, 'regular', sample => sample.peakMemoryBytes),
			of(samples, 'alpine', sample => sample.peakMemoryBytes),
			'memory',
		),
		row(
			{id: 'smoke', label: 'Smoke test', unit: 'ms', better: 'lower', primary: true, method: `wall time of \`${(options.smokeCommand ?? ['(no smoke command)']).join(' ')}\`, process start to exit, monotonic clock`},
			of(samples, 'regular', sample => sample.smoke?.durationMs),
			of(samples, 'alpine', sample => sample.smoke?.durationMs),
			'testExecution',
		),
	);

	if (samples.some(sample => sample.buildMs !== undefined)) {
		rows.push(
			row(
				{id: 'build', label: 'No-cache build', unit: 'ms', better: 'lower', method: '`compose build --no-cache` of every service, monotonic clock; the guide\'s test-speed figure is a build time (60s vs 180s)'},
				of(samples, 'regular', sample => sample.buildMs),
				of(samples, 'alpine', sample => sample.buildMs),
				'testExecution',
			),
		);
	}

	rows.push(...capacityRows());
	return rows;
}

const targetOf: Record<string, TargetId> = {[`image.${guideImageService}`]: 'imageSize', footprint: 'imageSize', startup: 'startup', memory: 'memory', smoke: 'testExecution', capacity: 'capacity'};

/** The figure a target is held against, in words, for the image-size target (the one that could mean several). */
function figureOf(row: MetricRow): string | undefined {
	if (row.id === 'footprint') return "held against the stack's footprint on disk, distinct layers once";
	if (row.id.startsWith('image.')) return `held against the ${row.id.slice('image.'.length)} image's size as docker images shows it`;
	return undefined;
}

/** The guide's Success Criteria with the verdict of each headline row (or why there is none). */
export function summarizeTargets(rows: MetricRow[], capacity?: CapacityResult): TargetSummary[] {
	return (Object.keys(guideTargets) as TargetId[]).map(id => {
		const definition = guideTargets[id];
		const base = {id, name: definition.name, label: definition.label, guide: definition.guide, formula: definition.formula};
		const headline = rows.find(candidate => candidate.primary && (candidate.target?.id ?? targetOf[candidate.id]) === id);
		if (id === 'capacity') {
			if (!capacity) return {...base, note: 'not measured (run with --capacity)'};
			const atMax = Object.values(capacity.variants).filter(variant => variant?.stoppedBy === 'max');
			if (atMax.length > 0 && headline?.target && !headline.target.pass) {
				return {...base, value: headline.target.value, row: headline.id, note: `inconclusive: ${atMax.map(variant => variant!.variant).join(' and ')} reached --max ${capacity.max} before the budget`};
			}
		}

		if (!headline) return {...base, note: 'not measured in this benchmark'};
		if (!headline.target) return {...base, note: 'not measured (a variant has no successful run)'};
		return {...base, value: headline.target.value, pass: headline.target.pass, row: headline.id, figure: figureOf(headline)};
	});
}

/** What the history keeps of each row: its spreads, to compare the next benchmark against. */
export function recordedMetrics(rows: MetricRow[]): RecordedMetric[] {
	return rows.map(({id, label, unit, better, regular, alpine}) => ({id, label: label.trim(), unit, better, regular, alpine}));
}
