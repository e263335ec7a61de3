import {useSyncExternalStore} from 'react';
import type {ProjectProgress} from '../project/progress.js';
import {useAppContext} from './use-app-context.js';

/** The project's recorded progress; re-renders when a flow records a step. */
export function useProgress(): ProjectProgress {
	const {progress} = useAppContext().flow;
	return useSyncExternalStore(progress.subscribe, progress.get, progress.get);
}
