/**
 * Just enough ELF to tell a glibc binary from a musl or static one: the program interpreter
 * (PT_INTERP) and the libraries it needs (DT_NEEDED), from the file's first bytes.
 */

export type ElfInfo = {
	bits: 32 | 64;
	/** e.g. /lib64/ld-linux-x86-64.so.2 (glibc) or /lib/ld-musl-x86_64.so.1 (musl); undefined for static. */
	interpreter?: string;
	needed: string[];
	/** The GLIBC_x.y symbol versions named in the file, lowest first (by number: 2.9 before 2.34). */
	glibcVersions: string[];
	libc: 'glibc' | 'musl' | 'static' | 'unknown';
};

export function isElf(data: Buffer): boolean {
	return data.length >= 16 && data[0] === 0x7f && data[1] === 0x45 && data[2] === 0x4c && data[3] === 0x46;
}

export function parseElf(data: Buffer): ElfInfo | undefined {
	if (!isElf(data)) return undefined;
	const bits = data[4] === 2 ? 64 : 32;
	const little = data[5] === 1;
	const u16 = (offset: number) => (little ? data.readUInt16LE(offset) : data.readUInt16BE(offset));
	const u32 = (offset: number) => (little ? data.readUInt32LE(offset) : data.readUInt32BE(offset));
	const word = (offset: number) => (bits === 64 ? Number(little ? data.readBigUInt64LE(offset) : data.readBigUInt64BE(offset)) : u32(offset));
	const inBounds = (offset: number, length: number) => offset >= 0 && offset + length <= data.length;

	const phoff = word(bits === 64 ? 0x20 : 0x1c);
	const phentsize = u16(bits === 64 ? 0x36 : 0x2a);
	const phnum = u16(bits === 64 ? 0x38 : 0x2c);
	const segments: Array<{type: number; offset: number; vaddr: number; filesz: number}> = [];
	for (let i = 0; i < phnum; i++) {
		const base = phoff + i * phentsize;
		if (!inBounds(base, phentsize)) break;
		const type = u32(base);
		const offset = bits === 64 ? word(base + 0x08) : u32(base + 0x04);
		const vaddr = bits === 64 ? word(base + 0x10) : u32(base + 0x08);
		const filesz = bits === 64 ? word(base + 0x20) : u32(base + 0x10);
		segments.push({type, offset, vaddr, filesz});
	}

	const cString = (offset: number) => {
		if (!inBounds(offset, 1)) return '';
		const end = data.indexOf(0, offset);
		return data.subarray(offset, end === -1 ? data.length : end).toString('utf8');
	};

	const interpSegment = segments.find(segment => segment.type === 3);
	const interpreter = interpSegment ? cString(interpSegment.offset) || undefined : undefined;

	// DT_NEEDED entries are offsets into DT_STRTAB, which is a virtual address: map it through PT_LOAD.
	const needed: string[] = [];
	const dynamic = segments.find(segment => segment.type === 2);
	if (dynamic) {
		const entrySize = bits === 64 ? 16 : 8;
		const entries: Array<{tag: number; value: number}> = [];
		for (let offset = dynamic.offset; offset + entrySize <= dynamic.offset + dynamic.filesz && inBounds(offset, entrySize); offset += entrySize) {
			const tag = bits === 64 ? word(offset) : u32(offset);
			const value = bits === 64 ? word(offset + 8) : u32(offset + 4);
			if (tag === 0) break;
			entries.push({tag, value});
		}

		const strtab = entries.find(entry => entry.tag === 5)?.value;
		const load = segments.find(segment => segment.type === 1 && strtab !== undefined && strtab >= segment.vaddr && strtab < segment.vaddr + segment.filesz);
		if (strtab !== undefined && load) {
			const strtabOffset = strtab - load.vaddr + load.offset;
			for (const entry of entries) if (entry.tag === 1) needed.push(cString(strtabOffset + entry.value));
		}
	}

	const glibcVersions = [...new Set(data.toString('latin1').match(/GLIBC_\d+\.\d+(?:\.\d+)?/g) ?? [])].sort(compareVersions);
	let libc: ElfInfo['libc'] = 'unknown';
	if (!interpreter && needed.length === 0) libc = 'static';
	else if (interpreter?.includes('ld-musl') || needed.some(lib => lib.startsWith('libc.musl'))) libc = 'musl';
	else if (interpreter?.includes('ld-linux') || needed.includes('libc.so.6') || glibcVersions.length > 0) libc = 'glibc';
	return {bits, interpreter, needed, glibcVersions, libc};
}

/** Orders GLIBC_2.9 before GLIBC_2.34: by each number, not by text. */
export function compareVersions(a: string, b: string): number {
	const numbers = (version: string) => version.replace(/^\D+/, '').split('.').map(Number);
	const [left, right] = [numbers(a), numbers(b)];
	for (let i = 0; i < Math.max(left.length, right.length); i++) {
		const difference = (left[i] ?? 0) - (right[i] ?? 0);
		if (difference !== 0) return difference;
	}

	return 0;
}
