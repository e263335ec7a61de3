import type {ComponentType} from 'react';
import type {ColumnId} from '../top/columns.js';

/**
 * Every screen's id and the params its route carries: the contract between the commands (which
 * open a screen with params from their flags), the router and the screens. The registry
 * (screens/index.ts) must hold exactly these ids, each with a component taking these params.
 */
export type RouteParams = {
	home: undefined;
	checklist: undefined;
	/** `alpinist init` (the whole project), `alpinist convert [FILE]` (one Dockerfile: given, or picked). */
	convert: {mode?: 'project' | 'files'; file?: string};
	/** `alpinist migrate`: `yes` starts the run at once. */
	migrate: {yes?: boolean; forceRebuild?: boolean; skipCheck?: boolean; alpine?: boolean};
	/** `alpinist bench`: the rounds and options (as BenchInput), `autostart` runs them at once. */
	bench: {autostart?: boolean; runs?: number; buildTime?: boolean; capacity?: boolean; budget?: number; max?: number};
	/** `alpinist top`: `interval` in seconds. */
	top: {interval?: number; sort?: ColumnId; filter?: string; all?: boolean; projectOnly?: boolean; stack?: string};
	/** `alpinist rollback`: `emergency` or `permanent` starts that rollback at once; `yes` answers its confirmation. */
	rollback: {emergency?: boolean; permanent?: boolean; yes?: boolean; backup?: boolean; backupDir?: string; smoke?: boolean};
	rollout: {stack?: string; monitorMs?: number};
	doctor: undefined;
	train: undefined;
	report: undefined;
};

export type ScreenId = keyof RouteParams;

/** A screen to show and its params, typed together: `{id: 'top', params: {interval: 2}}`. */
export type Route<Id extends ScreenId = ScreenId> = {[K in Id]: {id: K; params?: RouteParams[K]}}[Id];

/** What every screen is given by the router. Only the shown screen is mounted. */
export type ScreenProps<Params = undefined> = {
	/** False while a confirmation or another overlay owns the keyboard. */
	isActive: boolean;
	params?: Params;
};

type ScreenEntry<Id extends string, Params> = {
	id: Id;
	title: string;
	/** One line for the home menu. */
	description: string;
	component: ComponentType<ScreenProps<Params>>;
	/** Hidden from the home menu (reachable by navigation only). */
	hidden?: boolean;
};

/** One screen of the app's registry: its id with the component that takes that id's route params. */
export type ScreenDefinition<Id extends ScreenId = ScreenId> = {[K in Id]: ScreenEntry<K, RouteParams[K]>}[Id];

/**
 * A screen as the router takes it: of the app's registry, or one a test brings (any id, no
 * params). Whatever its params, the router hands it the params of the route that opened it.
 */
export type RoutedScreen = ScreenEntry<string, never>;

/** A line of the home menu: a screen of the registry the app was given, and how to open it. */
export type MenuEntry = {id: string; title: string; description: string; open: () => void};
