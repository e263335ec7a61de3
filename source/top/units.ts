/**
 * The units `docker stats` prints (docker/cli formatter/stats.go with go-units): memory in binary
 * units with 4 significant digits ("1.184MiB"), network and block I/O in decimal units with 3
 * ("1.23kB"), percentages with two decimals ("0.00%").
 */

const binary = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const decimal = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

function custom(bytes: number, base: number, names: string[], precision: number): string {
	if (!Number.isFinite(bytes)) return '--';
	let value = Math.max(0, bytes);
	let unit = 0;
	while (value >= base && unit < names.length - 1) {
		value /= base;
		unit++;
	}

	return `${Number(value.toPrecision(precision))}${names[unit]}`;
}

export function memBytes(bytes: number): string {
	return custom(bytes, 1024, binary, 4);
}

export function ioBytes(bytes: number): string {
	return custom(bytes, 1000, decimal, 3);
}

export function percent(value: number): string {
	return Number.isFinite(value) ? `${value.toFixed(2)}%` : '--';
}

/** Compact uptime: <1m, 12m, 3h04m, 2d5h. */
export function uptime(seconds: number | undefined): string {
	if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '-';
	if (seconds < 60) return '<1m';
	if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
	if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
	return `${Math.floor(seconds / 86_400)}d${Math.floor((seconds % 86_400) / 3600)}h`;
}
