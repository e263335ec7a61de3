import {createContext} from 'react';

/** The shell's footer shows the active screen's key hints, published by useKeymap. */
export type FooterState = {setHints: (hints: string[]) => void};

export const FooterContext = createContext<FooterState>({setHints() {}});
