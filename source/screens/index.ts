import Benchmark from './Benchmark.js';
import Checklist from './Checklist.js';
import Convert from './Convert.js';
import Doctor from './Doctor.js';
import Home from './Home.js';
import Migrate from './Migrate.js';
import Report from './Report.js';
import Rollback from './Rollback.js';
import Rollout from './Rollout.js';
import Top from './Top.js';
import Train from './Train.js';
import type {ScreenDefinition} from './types.js';

/**
 * Every screen of the wizard, in menu order. A new screen is one file and one line here;
 * no other screen changes. In the bundle every screen but Home loads when first opened
 * (scripts/build.mjs turns these default imports into lazy ones), so a screen adds nothing to
 * start-up.
 */
export const screens: ScreenDefinition[] = [
	{id: 'home', title: 'Home', description: 'Phases and next step', component: Home},
	{id: 'checklist', title: 'Checklist', description: 'Pre-migration checklist: engine, files, memory, ports, disk', component: Checklist},
	{id: 'convert', title: 'Convert', description: 'Dockerfile → Alpine variant, with musl findings', component: Convert},
	{id: 'migrate', title: 'Migrate', description: 'Enable Alpine, build, start, wait healthy, verify', component: Migrate},
	{id: 'bench', title: 'Benchmark', description: 'Regular vs Alpine against the guide\'s targets', component: Benchmark},
	{id: 'top', title: 'Top', description: 'Live containers: CPU, memory, I/O, health, variant', component: Top},
	{id: 'rollback', title: 'Rollback', description: 'Back to the regular images: emergency or permanent', component: Rollback},
	{id: 'rollout', title: 'Rollout', description: 'Phase 3: Alpine on a Swarm, canary first, automatic rollback', component: Rollout},
	{id: 'doctor', title: 'Troubleshoot', description: 'Diagnose the guide\'s known issues against the engine', component: Doctor},
	{id: 'train', title: 'Training', description: 'Alpine differences, each with a live exercise', component: Train},
	{id: 'report', title: 'Report', description: 'Performance dashboard and alert thresholds', component: Report},
];
