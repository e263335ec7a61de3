/**
 * Just enough of the tar format to read what the engine's archive API answers for one file:
 * 512-byte headers (name 0..100, size in octal at 124..136, type flag at 156, link name at
 * 157..257, ustar prefix at 345..500), each followed by its data padded to 512 bytes.
 */

export type TarEntry = {
	name: string;
	/** '0' file, '2' symlink, '1' hard link, '5' directory, … */
	type: string;
	size: number;
	linkName: string;
	data: Buffer;
};

const block = 512;

function text(buffer: Buffer, start: number, end: number): string {
	const slice = buffer.subarray(start, end);
	const nul = slice.indexOf(0);
	return slice.subarray(0, nul === -1 ? slice.length : nul).toString('utf8');
}

function octal(buffer: Buffer, start: number, end: number): number {
	// Base-256 (GNU) for huge sizes: the high bit of the first byte is set.
	if (buffer[start] & 0x80) {
		let value = 0;
		for (let i = start + 1; i < end; i++) value = value * 256 + buffer[i];
		return value;
	}

	const value = text(buffer, start, end).trim();
	return value ? Number.parseInt(value, 8) : 0;
}

/** PAX records ("<len> key=value\n") that override the next header's path and linkpath. */
function paxRecords(data: Buffer): Record<string, string> {
	const records: Record<string, string> = {};
	let offset = 0;
	while (offset < data.length) {
		const space = data.indexOf(0x20, offset);
		if (space === -1) break;
		const length = Number.parseInt(data.subarray(offset, space).toString('utf8'), 10);
		if (!Number.isFinite(length) || length <= 0) break;
		const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
		const equals = record.indexOf('=');
		if (equals !== -1) records[record.slice(0, equals)] = record.slice(equals + 1);
		offset += length;
	}

	return records;
}

export function parseTar(buffer: Buffer): TarEntry[] {
	const entries: TarEntry[] = [];
	let offset = 0;
	let pax: Record<string, string> = {};
	let longName: string | undefined;
	let longLink: string | undefined;
	while (offset + block <= buffer.length) {
		const header = buffer.subarray(offset, offset + block);
		if (header.every(byte => byte === 0)) break;
		const size = octal(header, 124, 136);
		const type = String.fromCharCode(header[156] || 0x30);
		const dataStart = offset + block;
		const data = buffer.subarray(dataStart, Math.min(buffer.length, dataStart + size));
		offset = dataStart + Math.ceil(size / block) * block;
		if (type === 'x') {
			pax = paxRecords(data);
			continue;
		}

		if (type === 'g') continue;
		if (type === 'L') {
			longName = text(data, 0, data.length);
			continue;
		}

		if (type === 'K') {
			longLink = text(data, 0, data.length);
			continue;
		}

		const magic = text(header, 257, 263);
		const prefix = magic.startsWith('ustar') ? text(header, 345, 500) : '';
		const baseName = text(header, 0, 100);
		const name = pax.path ?? longName ?? (prefix ? `${prefix}/${baseName}` : baseName);
		const linkName = pax.linkpath ?? longLink ?? text(header, 157, 257);
		entries.push({name, type: type === '\0' ? '0' : type, size, linkName, data});
		pax = {};
		longName = undefined;
		longLink = undefined;
	}

	return entries;
}
