// Ink measures every piece of text with string-width, whose general path (grapheme segmentation,
// a very large emoji regular expression) is one of the costliest things in drawing a frame, and
// it measures the same strings again on every frame. wrap() keeps string-width's answers exact and
// makes them cheap: text made only of characters that are always one column wide and never join
// their neighbours (Latin, Greek, Cyrillic, punctuation, arrows, box drawing, the dingbats and
// Braille dots the screens use) is as wide as it is long; anything else goes to string-width, and
// answers are remembered. Colour and style sequences (SGR) are taken off first, as string-width does. test/unit/fast-string-width.test.ts checks the character class against
// string-width itself, code point by code point.

/** Characters string-width counts as one column alone, after another character and before a combining mark. */
export const narrow = /^[\u0020-\u007E\u00A0-\u00A8\u00AA-\u00AC\u00AF-\u02FF\u0370-\u0482\u048A-\u052F\u2010-\u2029\u202F-\u203B\u203D-\u2048\u204A-\u205E\u2190-\u2193\u219A-\u21A8\u21AB-\u21FF\u2500-\u25A9\u25AC-\u25B5\u25B7-\u25BF\u25C1-\u25FA\u25FF\u2700-\u2701\u2703-\u2704\u2706-\u2707\u270E\u2710-\u2711\u2713\u2715\u2717-\u271C\u271E-\u2720\u2722-\u2727\u2729-\u2732\u2735-\u2743\u2745-\u2746\u2748-\u274B\u274D\u274F-\u2752\u2756\u2758-\u2762\u2765-\u2794\u2798-\u27A0\u27A2-\u27AF\u27B1-\u27BE\u2800-\u28FF]*$/;

const limit = 4096;
const sgr = /\u001B\[[\d;]*m/g;

export function wrap(stringWidth) {
	const cache = new Map();
	return function fastStringWidth(text, options) {
		if (options !== undefined || typeof text !== 'string') return stringWidth(text, options);
		let width = cache.get(text);
		if (width !== undefined) return width;
		// Colours and styles (SGR, as Ink writes them) take no columns; any other escape goes to string-width.
		const plain = text.includes('\u001B') ? text.replace(sgr, '') : text;
		width = narrow.test(plain) ? plain.length : stringWidth(text);
		if (cache.size >= limit) cache.clear();
		cache.set(text, width);
		return width;
	};
}
