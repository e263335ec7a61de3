const bars = '▁▂▃▄▅▆▇█';

/**
 * The last `width` values as bars, scaled from 0 to `max` (default: the largest value shown).
 * Fewer values than width are padded on the left with spaces, so time runs left to right.
 */
export function sparkline(values: number[], width: number, options: {max?: number} = {}): string {
	if (width <= 0) return '';
	const shown = values.slice(-width).map(value => (Number.isFinite(value) && value > 0 ? value : 0));
	const max = options.max ?? Math.max(0, ...shown);
	const line = shown
		.map(value => {
			if (max <= 0) return bars[0];
			const index = Math.round((Math.min(value, max) / max) * (bars.length - 1));
			return bars[index];
		})
		.join('');
	return line.padStart(width, ' ');
}
