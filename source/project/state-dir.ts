import {homedir} from 'node:os';
import path from 'node:path';

/** Where progress is kept: --state-dir / ALPINIST_STATE_DIR, else $XDG_CONFIG_HOME/alpinist (~/.config/alpinist). */
export function stateDir(explicit?: string): string {
	return explicit ?? process.env.ALPINIST_STATE_DIR ?? path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'), 'alpinist');
}
