import Benchmark from './Benchmark.js';
import Convert from './Convert.js';
import Doctor from './Doctor.js';
import Home from './Home.js';
import Report from './Report.js';
import Train from './Train.js';
import type {ScreenDefinition} from './types.js';

/**
 * Every screen of the wizard, in menu order. A new screen is one file and one line here;
 * no other screen changes.
 */
export const screens: ScreenDefinition[] = [
	{id: 'home', title: 'Home', description: 'Phases and next step', component: Home},
	{id: 'convert', title: 'Convert', description: 'Dockerfile → Alpine variant, with musl findings', component: Convert},
	{id: 'bench', title: 'Benchmark', description: 'Regular vs Alpine against the guide\'s targets', component: Benchmark},
	{id: 'doctor', title: 'Troubleshoot', description: 'Diagnose the guide\'s known issues against the engine', component: Doctor},
	{id: 'train', title: 'Training', description: 'Alpine differences, each with a live exercise', component: Train},
	{id: 'report', title: 'Report', description: 'Performance dashboard and alert thresholds', component: Report},
];
