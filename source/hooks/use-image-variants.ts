import {useEffect, useMemo, useState} from 'react';
import type {ContainerInfo} from '../docker/types.js';
import {detectorFor, type ImageVariant} from '../docker/variant.js';
import {useAppContext} from './use-app-context.js';

/**
 * The variant of each image, read once per image through the engine's archive API for the
 * containers that are not the project's own. Returns a lookup that changes when an answer arrives.
 */
export function useImageVariants(containers: ContainerInfo[], engineArch: string | undefined): (imageId: string) => ImageVariant | undefined {
	const {docker, store, project} = useAppContext().flow;
	const detector = useMemo(() => detectorFor(docker, () => store.getSnapshot().engine?.arch), [docker, store]);
	const [version, setVersion] = useState(0);
	useEffect(() => detector.subscribe(() => setVersion(value => value + 1)), [detector]);
	useEffect(() => {
		if (engineArch) detector.detectAll(containers, project);
	}, [detector, containers, project, engineArch]);
	return useMemo(() => (imageId: string) => detector.peek(imageId), [detector, version]);
}
