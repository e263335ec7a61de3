import {useMemo} from 'react';
import {detectorFor, type ImageVariant, type ImageVariantDetector} from '../docker/variant.js';
import {useAppContext} from './use-app-context.js';

export type VariantLookup = {
	detector: ImageVariantDetector;
	variantOf: (imageId: string) => ImageVariant | undefined;
	/** Reads the images of these containers (one container per image) that are not known yet. */
	detect: (containers: Array<{id: string; imageId: string}>) => void;
};

/**
 * The variant of each image, read once per image through the engine's archive API (cached per
 * image id for the whole session). The lookup reads the cache live: a view redraws for an answer
 * on its next frame (subscribe to `detector` to be woken), not once per answer.
 */
export function useImageVariants(): VariantLookup {
	const {docker, store} = useAppContext().flow;
	return useMemo(() => {
		const detector = detectorFor(docker, () => store.getSnapshot().engine?.arch);
		return {
			detector,
			variantOf: (imageId: string) => detector.peek(imageId),
			detect(containers) {
				const seen = new Set<string>();
				for (const {id, imageId} of containers) {
					if (!imageId || seen.has(imageId) || detector.peek(imageId)) continue;
					seen.add(imageId);
					void detector.detect(id, imageId);
				}
			},
		};
	}, [docker, store]);
}
