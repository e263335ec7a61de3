// Turns a tmux capture (`capture-pane -e -p`: text with SGR colour sequences) into an SVG picture.
// Only what tmux emits is understood: SGR (ESC [ … m). Everything else is dropped.

const palette = [
	'#1e1e2e', '#f38ba8', '#a6e3a1', '#f9e2af', '#89b4fa', '#f5c2e7', '#94e2d5', '#bac2de',
	'#585b70', '#f38ba8', '#a6e3a1', '#f9e2af', '#89b4fa', '#f5c2e7', '#94e2d5', '#ffffff',
];
const defaults = {fg: '#cdd6f4', bg: '#1e1e2e'};

function color256(n) {
	if (n < 16) return palette[n];
	if (n >= 232) {
		const v = 8 + (n - 232) * 10;
		return `rgb(${v},${v},${v})`;
	}

	const i = n - 16;
	const level = x => (x === 0 ? 0 : 55 + x * 40);
	return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
}

function applySgr(state, params) {
	const codes = params.length === 0 ? [0] : params;
	for (let i = 0; i < codes.length; i++) {
		const code = codes[i];
		if (code === 0) Object.assign(state, {fg: undefined, bg: undefined, bold: false, dim: false, italic: false, underline: false, inverse: false});
		else if (code === 1) state.bold = true;
		else if (code === 2) state.dim = true;
		else if (code === 3) state.italic = true;
		else if (code === 4) state.underline = true;
		else if (code === 7) state.inverse = true;
		else if (code === 22) state.bold = state.dim = false;
		else if (code === 23) state.italic = false;
		else if (code === 24) state.underline = false;
		else if (code === 27) state.inverse = false;
		else if (code >= 30 && code <= 37) state.fg = palette[code - 30];
		else if (code >= 90 && code <= 97) state.fg = palette[code - 90 + 8];
		else if (code === 39) state.fg = undefined;
		else if (code >= 40 && code <= 47) state.bg = palette[code - 40];
		else if (code >= 100 && code <= 107) state.bg = palette[code - 100 + 8];
		else if (code === 49) state.bg = undefined;
		else if ((code === 38 || code === 48) && codes[i + 1] === 5) {
			state[code === 38 ? 'fg' : 'bg'] = color256(codes[i + 2]);
			i += 2;
		} else if ((code === 38 || code === 48) && codes[i + 1] === 2) {
			state[code === 38 ? 'fg' : 'bg'] = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`;
			i += 4;
		}
	}
}

/** Lines of cells: [{char, fg, bg, bold, dim, italic, underline}] */
export function parseAnsi(text) {
	const state = {fg: undefined, bg: undefined, bold: false, dim: false, italic: false, underline: false, inverse: false};
	const lines = [];
	for (const raw of text.replace(/\n$/, '').split('\n')) {
		const cells = [];
		for (let i = 0; i < raw.length; ) {
			if (raw[i] === '\u001B') {
				const match = /^\u001B\[([\d;]*)([A-Za-z])/.exec(raw.slice(i));
				if (match) {
					if (match[2] === 'm') applySgr(state, match[1] === '' ? [] : match[1].split(';').map(Number));
					i += match[0].length;
					continue;
				}

				i++;
				continue;
			}

			const char = String.fromCodePoint(raw.codePointAt(i));
			i += char.length;
			let fg = state.fg ?? defaults.fg;
			let bg = state.bg;
			if (state.inverse) [fg, bg] = [bg ?? defaults.bg, state.fg ?? defaults.fg];
			cells.push({char, fg, bg, bold: state.bold, dim: state.dim, italic: state.italic, underline: state.underline});
		}

		lines.push(cells);
	}

	return lines;
}

const escape = text => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function ansiToSvg(text, {title = 'alpinist', columns} = {}) {
	const lines = parseAnsi(text);
	const cellWidth = 8.4;
	const lineHeight = 18;
	const padding = 16;
	const barHeight = 28;
	const cols = columns ?? Math.max(...lines.map(line => line.length), 40);
	const width = Math.ceil(cols * cellWidth + padding * 2);
	const height = Math.ceil(lines.length * lineHeight + padding * 2 + barHeight);
	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">`,
		`<rect width="100%" height="100%" rx="8" fill="${defaults.bg}"/>`,
		`<circle cx="18" cy="14" r="5" fill="#f38ba8"/><circle cx="34" cy="14" r="5" fill="#f9e2af"/><circle cx="50" cy="14" r="5" fill="#a6e3a1"/>`,
		`<text x="${width / 2}" y="18" fill="#7f849c" text-anchor="middle" font-size="12">${escape(title)}</text>`,
	];
	lines.forEach((cells, row) => {
		const y = padding + barHeight + row * lineHeight;
		// Group neighbouring cells of the same look into one run.
		let start = 0;
		while (start < cells.length) {
			const first = cells[start];
			let end = start + 1;
			const same = cell => cell.fg === first.fg && cell.bg === first.bg && cell.bold === first.bold && cell.dim === first.dim && cell.underline === first.underline && cell.italic === first.italic;
			while (end < cells.length && same(cells[end])) end++;
			const run = cells.slice(start, end).map(cell => cell.char).join('');
			const x = padding + start * cellWidth;
			if (first.bg) parts.push(`<rect x="${x.toFixed(1)}" y="${y - 13}" width="${((end - start) * cellWidth).toFixed(1)}" height="${lineHeight}" fill="${first.bg}"/>`);
			if (run.trim()) {
				const attributes = [
					`x="${x.toFixed(1)}"`,
					`y="${y}"`,
					`fill="${first.fg}"`,
					first.bold ? 'font-weight="bold"' : '',
					first.dim ? 'opacity="0.6"' : '',
					first.italic ? 'font-style="italic"' : '',
					first.underline ? 'text-decoration="underline"' : '',
					'xml:space="preserve"',
					`textLength="${((end - start) * cellWidth).toFixed(1)}"`,
					'lengthAdjust="spacingAndGlyphs"',
				].filter(Boolean);
				parts.push(`<text ${attributes.join(' ')}>${escape(run)}</text>`);
			}

			start = end;
		}
	});
	parts.push('</svg>');
	return parts.join('\n');
}
