import {createContext, useContext} from 'react';
import type {FlowContext} from '../flows/types.js';
import type {MenuEntry, Route} from '../screens/types.js';

export type {Route} from '../screens/types.js';

export type AppContextValue = {
	/** Project, shared Docker store, progress store, compose, confirm: what flows are given. */
	flow: FlowContext;
	navigate: (route: Route) => void;
	/** Puts this route in place of the one shown (same place in the stack, the screen stays mounted). */
	replace: (route: Route) => void;
	back: () => void;
	/** Leaves the app with this exit code (the root owns the exit). */
	exit: (code?: number) => void;
	/** The home menu: the screens of the registry the app was given. */
	menu: MenuEntry[];
};

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useAppContext(): AppContextValue {
	const value = useContext(AppContext);
	if (!value) throw new Error('useAppContext outside <App>');
	return value;
}
