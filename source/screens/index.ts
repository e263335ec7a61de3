import Home from './Home.js';
import Top from './Top.js';
import type {ScreenDefinition} from './types.js';

/**
 * Every screen of the wizard, in menu order. A new screen is one file and one line here;
 * no other screen changes.
 */
export const screens: ScreenDefinition[] = [
	{id: 'home', title: 'Home', description: 'Phases and next step', component: Home},
	{id: 'top', title: 'Top', description: 'Live containers: CPU, memory, I/O, health, variant', component: Top},
];
