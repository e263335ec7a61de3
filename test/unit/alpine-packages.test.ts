import {describe, expect, it} from 'vitest';
import {ALPINE_ORIGINS, isAlpinePackage, originOf, parseAlpinePackageList} from '../../source/dockerfile/alpine-packages.js';
import {emittedAlpineNames, lookupPackage} from '../../source/dockerfile/packages.js';

describe('the Alpine package set', () => {
	it('every name the table and its patterns emit is an Alpine 3.20 package', () => {
		const emitted = emittedAlpineNames();
		expect(emitted.length).toBeGreaterThan(150);
		const missing = emitted.filter(name => !isAlpinePackage(name));
		expect(missing).toEqual([]);
	});

	it('every line names its aport and says where it comes from', () => {
		expect(ALPINE_ORIGINS.length).toBeGreaterThan(100);
		for (const origin of ALPINE_ORIGINS) {
			expect(origin.names.length, origin.origin).toBeGreaterThan(0);
			expect(origin.evidence, origin.origin).toMatch(/^(?:read|aport|pkgs|tree)\b/);
			if (/^(?:read|aport) /.test(origin.evidence)) expect(origin.evidence).toMatch(/[0-9a-f]{40}/);
		}
		expect(originOf('sqlite-libs')).toBe('main/sqlite');
		expect(originOf('tesseract-ocr-data-eng')).toBe('community/tesseract-ocr');
	});

	it('no name is listed under two aports', () => {
		const seen = new Map<string, string>();
		for (const origin of ALPINE_ORIGINS) {
			for (const name of origin.names) {
				expect(seen.get(name), `${name} in ${origin.origin}`).toBeUndefined();
				seen.set(name, origin.origin);
			}
		}
	});

	it('the naming rules only give names Alpine has', () => {
		expect(lookupPackage('python3-virtualenv')?.alpine).toEqual(['py3-virtualenv']);
		expect(lookupPackage('libmpfr-dev')?.alpine).toEqual(['mpfr-dev']);
		// libfrobnicate-dev → frobnicate-dev would be a guess: unknown instead.
		expect(lookupPackage('libfrobnicate-dev')).toBeUndefined();
		expect(lookupPackage('python3-frobnicate')).toBeUndefined();
		// Rules over every listed name: whatever they produce is listed.
		for (const origin of ALPINE_ORIGINS) {
			for (const name of origin.names) {
				for (const debian of [`lib${name}`, `python3-${name.replace(/^py3-/, '')}`, name]) {
					for (const out of lookupPackage(debian)?.alpine ?? []) expect(isAlpinePackage(out), `${debian} → ${out}`).toBe(true);
				}
			}
		}
	});

	it('the issue\'s renames', () => {
		const expected: Record<string, string[]> = {
			'libsqlite3-0': ['sqlite-libs'],
			'libbluetooth-dev': ['bluez-dev'],
			'libmpfr-dev': ['mpfr-dev'],
			'libmpc-dev': ['mpc1-dev'],
			'liblz4-dev': ['lz4-dev'],
			'fonts-liberation': ['font-liberation'],
			'tesseract-ocr-eng': ['tesseract-ocr-data-eng'],
			'libatlas-base-dev': ['openblas-dev'],
			netbase: [],
			clang: ['clang18'],
			perl: ['perl'],
			expat: ['expat'],
			zstd: ['zstd'],
			sudo: ['sudo'],
			'tk-dev': ['tk-dev'],
			dbus: ['dbus'],
			ghostscript: ['ghostscript'],
			libreoffice: ['libreoffice'],
			'tesseract-ocr': ['tesseract-ocr'],
			'dpkg-dev': ['dpkg-dev'],
			'python3.9-venv': [],
		};
		for (const [debian, alpine] of Object.entries(expected)) expect(lookupPackage(debian)?.alpine, debian).toEqual(alpine);
	});

	it('a malformed list line is an error, not a silent gap', () => {
		expect(() => parseAlpinePackageList('main/x y z')).toThrow(/cannot read/);
		expect(parseAlpinePackageList('# c\nmain/x: a b  # tree\n')).toEqual([{repository: 'main', origin: 'x', names: ['a', 'b'], evidence: 'tree'}]);
	});
});
