import {type DependencyList, useEffect, useState} from 'react';

export type Loaded<T> = {
	/** The last value read; undefined until the first read is done. */
	value: T | undefined;
	/** True once the value was read for the current deps (while they change, `value` is the previous one's). */
	current: boolean;
	/** Reads it again for the same deps (after a write, say); `current` stays true meanwhile. */
	reload: () => void;
};

const same = (a: DependencyList, b: DependencyList) => a.length === b.length && a.every((value, index) => Object.is(value, b[index]));

/**
 * A value read from the disk (a file, a folder's Dockerfiles) after the frame is drawn, never
 * while rendering: `load` runs in an effect whenever `deps` change; the screen draws a loading
 * line until `current` (or keeps the previous value meanwhile).
 */
export function useLoaded<T>(load: () => T, deps: DependencyList): Loaded<T> {
	const [loaded, setLoaded] = useState<{deps: DependencyList; value: T} | undefined>();
	const [version, setVersion] = useState(0);
	useEffect(() => {
		setLoaded({deps, value: load()});
	}, [...deps, version]);
	return {value: loaded?.value, current: loaded !== undefined && same(loaded.deps, deps), reload: () => setVersion(count => count + 1)};
}
