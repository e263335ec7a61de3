/** Formatting shared by screens and headless reporters. Binary units, as docker stats prints them. */

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number, digits = 1): string {
	if (!Number.isFinite(bytes)) return '–';
	let value = Math.abs(bytes);
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	const sign = bytes < 0 ? '-' : '';
	return `${sign}${unit === 0 ? value.toFixed(0) : value.toFixed(digits)} ${units[unit]}`;
}

/** Decimal megabytes, the unit the guide's figures use (186MB, 847MB). */
export function formatMB(bytes: number, digits = 1): string {
	return `${(bytes / 1e6).toFixed(digits)} MB`;
}

export function formatMs(ms: number): string {
	if (!Number.isFinite(ms)) return '–';
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
	const minutes = Math.floor(ms / 60_000);
	return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatPercent(value: number, digits = 1): string {
	return Number.isFinite(value) ? `${value.toFixed(digits)} %` : '–';
}

/**
 * Untrusted text (container names, log lines, compose values) is drawn without its terminal
 * control sequences: CSI (ESC [ or C1 0x9B), OSC (ESC ] or 0x9D, ended by BEL or ST),
 * DCS/SOS/PM/APC strings (ESC P/X/^/_ or their C1 forms, ended by ST), other escapes
 * (ESC ( B, ESC 7, ESC c…), a lone ESC, and the remaining C0/C1 controls. Tab stays.
 */
export function stripControl(text: string): string {
	return text
		.replace(/(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]/g, '')
		.replace(/(?:\u001B\]|\u009D)[^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?/g, '')
		.replace(/(?:\u001B[PX^_]|[\u0090\u0098\u009E\u009F])[^\u001B\u009C]*(?:\u001B\\|\u009C)?/g, '')
		.replace(/\u001B[ -/]*[0-~]?/g, '')
		.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g, '');
}
