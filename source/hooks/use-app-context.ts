import {createContext, useContext} from 'react';
import type {FlowContext} from '../flows/types.js';

export type Route = {id: string; params?: Record<string, string>};

export type AppContextValue = {
	/** Project, shared Docker store, progress store, compose, confirm: what flows are given. */
	flow: FlowContext;
	navigate: (route: Route) => void;
	back: () => void;
	/** Leaves the app with this exit code (the root owns the exit). */
	exit: (code?: number) => void;
};

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useAppContext(): AppContextValue {
	const value = useContext(AppContext);
	if (!value) throw new Error('useAppContext outside <App>');
	return value;
}
