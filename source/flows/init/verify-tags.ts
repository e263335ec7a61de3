import {lookupTag, type LookupOptions, type TagLookup} from '../../docker/registry/client.js';
import type {ServiceRow} from './services.js';

/**
 * Each mapped tag asked of its registry (at once, each bounded). A tag the registry says does not
 * exist is never written: an image service keeps its regular image and is flagged. No answer is
 * "not verified", never a failure.
 */

export type Lookup = (image: string) => Promise<TagLookup>;

export function registryLookup(options: LookupOptions): Lookup {
	const cache = new Map<string, Promise<TagLookup>>();
	return image => {
		let found = cache.get(image);
		if (!found) {
			found = lookupTag(image, options);
			cache.set(image, found);
		}

		return found;
	};
}

export function describeLookup(image: string, lookup: TagLookup): string {
	switch (lookup.status) {
		case 'found': {
			return `${image} found on ${lookup.registry}`;
		}

		case 'missing': {
			return `${image} does not exist on ${lookup.registry}`;
		}

		case 'denied': {
			return `not verified: ${lookup.registry} refused (${lookup.detail})`;
		}

		case 'unreachable': {
			return `not verified: ${lookup.registry} did not answer (${lookup.detail})`;
		}

		case 'invalid': {
			return `not verified: ${lookup.detail}`;
		}
	}
}

/** `local`: whether the engine holds the image already (said beside an unverified tag; it verifies nothing). */
export async function verifyRows(rows: ServiceRow[], lookup: Lookup, local?: (image: string) => Promise<boolean>): Promise<ServiceRow[]> {
	return Promise.all(
		rows.map(async row => {
			if (row.images.length === 0) return {...row, verification: row.status === 'kept' || row.status === 'already-alpine' ? 'nothing to verify' : 'no image to ask about'};
			const answers = await Promise.all(row.images.map(async image => ({image, lookup: await lookup(image)})));
			const missing = answers.filter(answer => answer.lookup.status === 'missing');
			const verified = answers.every(answer => answer.lookup.status === 'found');
			const described = await Promise.all(
				answers.map(async answer => {
					const text = describeLookup(answer.image, answer.lookup);
					return answer.lookup.status !== 'found' && (await local?.(answer.image)) ? `${text}; ${answer.image} is in the engine` : text;
				}),
			);
			const verification = [...new Set(described)].join('; ');
			if (missing.length === 0) return {...row, verified, verification};
			const names = missing.map(answer => answer.image).join(', ');
			if (row.kind === 'image') {
				return {...row, verified: false, verification, status: 'flagged' as const, to: row.from, reason: `${names} does not exist on its registry: ${row.from} kept (no tag is invented)`};
			}

			return {...row, verified: false, verification, status: 'flagged' as const, reason: `${row.reason}; ${names} does not exist on its registry: pick an Alpine tag that does`};
		}),
	);
}
