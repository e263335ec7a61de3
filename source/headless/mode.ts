/** How alpinist talks: the Ink TUI, plain lines (CI, no TTY) or JSON. Decided once, in cli.tsx. */
export type Mode = 'interactive' | 'plain' | 'json';

export type ModeInput = {
	json: boolean;
	plain?: boolean;
	env: NodeJS.ProcessEnv;
	stdoutIsTTY: boolean;
	stdinIsTTY: boolean;
};

/**
 * CI detection. CI and CONTINUOUS_INTEGRATION count when set at all (even empty) unless "0" or
 * "false": the rule Ink itself applies (is-in-ci), so the TUI is never chosen where Ink would
 * draw nothing until exit. GITHUB_ACTIONS and GITLAB_CI count when truthy.
 */
export function isCI(env: NodeJS.ProcessEnv): boolean {
	const set = (v: string | undefined) => v !== undefined && v !== '0' && v !== 'false';
	const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
	return set(env.CI) || set(env.CONTINUOUS_INTEGRATION) || truthy(env.GITHUB_ACTIONS) || truthy(env.GITLAB_CI);
}

/** Flags first (--json, --plain), then CI, then whether both ends are a terminal. */
export function decideMode(input: ModeInput): Mode {
	if (input.json) return 'json';
	if (input.plain) return 'plain';
	if (isCI(input.env)) return 'plain';
	if (!input.stdoutIsTTY || !input.stdinIsTTY) return 'plain';
	return 'interactive';
}
