/** How alpinist talks: the Ink TUI, plain lines (CI, no TTY) or JSON. Decided once, in cli.tsx. */
export type Mode = 'interactive' | 'plain' | 'json';

export type ModeInput = {
	json: boolean;
	plain?: boolean;
	env: NodeJS.ProcessEnv;
	stdoutIsTTY: boolean;
	stdinIsTTY: boolean;
};

/** CI detection as dive and most CLIs do it: CI, GITHUB_ACTIONS, GITLAB_CI. */
export function isCI(env: NodeJS.ProcessEnv): boolean {
	const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
	return truthy(env.CI) || truthy(env.GITHUB_ACTIONS) || truthy(env.GITLAB_CI);
}

/** Flags first (--json, --plain), then CI, then whether both ends are a terminal. */
export function decideMode(input: ModeInput): Mode {
	if (input.json) return 'json';
	if (input.plain) return 'plain';
	if (isCI(input.env)) return 'plain';
	if (!input.stdoutIsTTY || !input.stdinIsTTY) return 'plain';
	return 'interactive';
}
