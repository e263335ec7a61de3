import Home from './Home.js';
import Report from './Report.js';
import type {ScreenDefinition} from './types.js';

/**
 * Every screen of the wizard, in menu order. A new screen is one file and one line here;
 * no other screen changes.
 */
export const screens: ScreenDefinition[] = [
	{id: 'home', title: 'Home', description: 'Phases and next step', component: Home},
	{id: 'report', title: 'Report', description: 'Performance dashboard and alert thresholds', component: Report},
];
