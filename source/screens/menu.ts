import {screens} from './index.js';
import type {ScreenDefinition} from './types.js';

export function menuScreens(): ScreenDefinition[] {
	return screens.filter(screen => screen.id !== 'home' && !screen.hidden);
}
