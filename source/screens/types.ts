import type {ComponentType} from 'react';

/** What every screen is given by the router. Only the shown screen is mounted. */
export type ScreenProps = {
	/** False while a confirmation or another overlay owns the keyboard. */
	isActive: boolean;
	params?: Record<string, string>;
};

export type ScreenDefinition = {
	id: string;
	title: string;
	/** One line for the home menu. */
	description: string;
	component: ComponentType<ScreenProps>;
	/** Hidden from the home menu (reachable by navigation only). */
	hidden?: boolean;
};
