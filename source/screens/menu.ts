/** The screens the home menu lists, in registry order: every one but Home and the hidden ones. */
export function menuScreens<Screen extends {id: string; hidden?: boolean}>(screens: readonly Screen[]): Screen[] {
	return screens.filter(screen => screen.id !== 'home' && !screen.hidden);
}
