import {type ComponentType, lazy} from 'react';
import Home from './Home.js';
import type {ScreenDefinition, ScreenId} from './types.js';

type ScreenModule<Props> = {default: ComponentType<Props>};

/**
 * A screen loaded on first render (React.lazy), and its preload. Once the module is loaded,
 * the loader hands it over as an already settled thenable (React reads it in the same render),
 * so a preloaded screen never shows its loading line: React would hold a suspended screen back
 * for its fallback throttle (300 ms) even when the import had already finished.
 */
function lazyScreen<Props>(importer: () => Promise<ScreenModule<Props>>) {
	let loaded: ScreenModule<Props> | undefined;
	const preload = async () => (loaded ??= await importer());
	const settled = (module: ScreenModule<Props>) => ({then: (resolve: (value: ScreenModule<Props>) => void) => resolve(module)});
	// React.lazy accepts any thenable; its type names Promise only.
	const component = lazy(() => (loaded ? (settled(loaded) as unknown as Promise<ScreenModule<Props>>) : preload()));
	return {component, preload};
}

const load = {
	Checklist: lazyScreen(async () => import('./Checklist.js')),
	Convert: lazyScreen(async () => import('./Convert.js')),
	Migrate: lazyScreen(async () => import('./Migrate.js')),
	Benchmark: lazyScreen(async () => import('./Benchmark.js')),
	Top: lazyScreen(async () => import('./Top.js')),
	Rollback: lazyScreen(async () => import('./Rollback.js')),
	Rollout: lazyScreen(async () => import('./Rollout.js')),
	Doctor: lazyScreen(async () => import('./Doctor.js')),
	Train: lazyScreen(async () => import('./Train.js')),
	Report: lazyScreen(async () => import('./Report.js')),
};

/**
 * Every screen of the wizard, in menu order. A new screen is one file, its loader, one line here
 * and its params in RouteParams (types.ts); no other screen changes. Each entry is checked
 * against RouteParams: its component takes the params of its id's route. Every screen but Home loads when first opened (React.lazy: the app
 * shows "loading <screen>…" meanwhile), so a screen's flows and libraries (yaml,
 * dockerfile-ast…) add nothing to start-up. The bundle splits each into a chunk of its own.
 */
export const screens = [
	{id: 'home', title: 'Home', description: 'Phases and next step', component: Home},
	{id: 'checklist', title: 'Checklist', description: 'Pre-migration checklist: engine, files, memory, ports, disk', component: load.Checklist.component},
	{id: 'convert', title: 'Convert', description: 'The project → its Alpine variant (init), with musl findings', component: load.Convert.component},
	{id: 'migrate', title: 'Migrate', description: 'Enable Alpine, build, start, wait healthy, verify', component: load.Migrate.component},
	{id: 'bench', title: 'Benchmark', description: 'Regular vs Alpine against the guide\'s targets', component: load.Benchmark.component},
	{id: 'top', title: 'Top', description: 'Live containers: CPU, memory, I/O, health, variant', component: load.Top.component},
	{id: 'rollback', title: 'Rollback', description: 'Back to the regular images: emergency or permanent', component: load.Rollback.component},
	{id: 'rollout', title: 'Rollout', description: 'Phase 3: Alpine on a Swarm, canary first, automatic rollback', component: load.Rollout.component},
	{id: 'doctor', title: 'Troubleshoot', description: 'Diagnose the guide\'s known issues against the engine', component: load.Doctor.component},
	{id: 'train', title: 'Training', description: 'Alpine differences, each with a live exercise', component: load.Train.component},
	{id: 'report', title: 'Report', description: 'Performance dashboard and alert thresholds', component: load.Report.component},
] as const satisfies readonly ScreenDefinition[];

/** Every id of RouteParams has its screen above: one without is named by the compile error here. */
type Unregistered = Exclude<ScreenId, (typeof screens)[number]['id']>;
export const everyScreenRegistered: [Unregistered] extends [never] ? true : Unregistered = true;

/** Loads every screen's module now, so that opening one renders it without a loading frame (tests). */
export async function preloadScreens(): Promise<void> {
	await Promise.all(Object.values(load).map(async screen => screen.preload()));
}
