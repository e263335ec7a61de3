/**
 * Exit codes, part of the flow contract: a flow's outcome may name one (an interrupted run is
 * 130 whichever renderer shows it), and every command ends with one (DESIGN.md).
 */
export const ExitCode = {
	ok: 0,
	failed: 1,
	usage: 2,
	engineUnreachable: 3,
	interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
