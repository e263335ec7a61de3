import {interpolationPieces} from '../../project/compose-model/interpolate.js';

/**
 * How an image the plan maps is written into the Alpine file: with the variables of the regular
 * file kept where the mapping left their part alone, so that `postgres:${PG_VERSION:-16}` (16, mapped
 * to postgres:16-alpine) is written `postgres:${PG_VERSION:-16}-alpine` and follows the variable as
 * the regular file does. A variable in the image's name (`${IMAGE}`), one whose part the mapping
 * rewrote (`node:${TAG}` with TAG=20-slim → node:20-alpine), and a digest are not kept: the
 * mapped image is written as resolved.
 */
export function mappedImageText(written: string, env: Record<string, string | undefined>, resolved: string, mapped: string): string {
	if (!written.includes('$') || resolved.includes('@')) return mapped;
	const pieces = interpolationPieces(written, env);
	if (pieces.map(piece => piece.value).join('') !== resolved) return mapped;
	// Where the mapping starts to differ from the resolved image, and the span of the image's name.
	let same = 0;
	while (same < resolved.length && same < mapped.length && resolved[same] === mapped[same]) same++;
	const slash = resolved.lastIndexOf('/');
	const colon = resolved.indexOf(':', slash + 1);
	const nameStart = slash + 1;
	const nameEnd = colon === -1 ? resolved.length : colon;

	let out = '';
	let at = 0;
	for (const piece of pieces) {
		const end = at + piece.value.length;
		if (piece.variable) {
			// A variable stays only when all it gave is before the change and outside the name.
			if (end > same || (at < nameEnd && end > nameStart) || piece.value === '') return mapped;
			out += piece.raw;
		} else if (end <= same) {
			out += piece.raw;
		} else {
			// The change starts in this literal run: what is before it, as written (`$$` is kept whole).
			out += piece.raw === '$$' ? '' : piece.raw.slice(0, same - at);
			return out + mapped.slice(same);
		}

		at = end;
	}

	return out + mapped.slice(same);
}
