import {describe, expect, it} from 'vitest';
import {stripControl} from '../../source/format.js';

describe('stripControl', () => {
	it('keeps plain text, unicode and tabs', () => {
		expect(stripControl('backend-1  | GET /health 200 (3 ms) ✓ café\tok')).toBe('backend-1  | GET /health 200 (3 ms) ✓ café\tok');
	});

	it('removes CSI sequences (colours, cursor moves, erase) in ESC [ and C1 form', () => {
		expect(stripControl('\u001B[31mred\u001B[0m \u001B[2J\u001B[1;1Hhome \u001B[?25lhidden')).toBe('red home hidden');
		expect(stripControl('\u009B31mred\u009B0m')).toBe('red');
	});

	it('removes an OSC window-title set, ended by BEL or by ST', () => {
		expect(stripControl('a\u001B]0;pwned title\u0007b')).toBe('ab');
		expect(stripControl('a\u001B]2;pwned\u001B\\b')).toBe('ab');
		expect(stripControl('a\u001B]8;;https://evil.example\u0007link\u001B]8;;\u0007b')).toBe('alinkb');
		expect(stripControl('a\u009D0;title\u009Cb')).toBe('ab');
	});

	it('removes DCS, SOS, PM and APC strings', () => {
		expect(stripControl('x\u001BP1$r0m\u001B\\y')).toBe('xy');
		expect(stripControl('x\u001B_apc payload\u001B\\y')).toBe('xy');
		expect(stripControl('x\u001B^pm\u001B\\y\u001BXsos\u001B\\z')).toBe('xyz');
		expect(stripControl('x\u0090dcs\u009Cy')).toBe('xy');
	});

	it('removes other escapes whole (charset, save cursor, reset) and a bare ESC', () => {
		expect(stripControl('\u001B(Bplain\u001B7\u001B8\u001Bc')).toBe('plain');
		expect(stripControl('end\u001B')).toBe('end');
	});

	it('removes C0 and C1 controls: bell, backspace, carriage return, newline, DEL', () => {
		expect(stripControl('a\u0007b\bc\rd\ne\u007Ff\u0085g')).toBe('abcdefg');
	});
});
