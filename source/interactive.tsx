import {render} from 'ink';
import App from './app.js';
import type {GlobalFlags} from './commands/types.js';
import {ExitCode} from './commands/types.js';
import {createContext} from './flows/context.js';

/** The TUI: one shared store for every screen, started before the first frame. */
export async function runInteractive(options: {flags: GlobalFlags; screen?: string; args: string[]; params?: Record<string, string>}): Promise<number> {
	const context = createContext({projectDir: options.flags.project, stateDir: options.flags.stateDir as string | undefined, dryRun: options.flags.dryRun});
	// The first frame waits (a second at most) for the engine's first answer: one frame with the
	// engine in it instead of a "connecting" frame redrawn at once (every Ink frame lays out and
	// draws the whole screen).
	await Promise.race([context.store.start(), new Promise(resolve => setTimeout(resolve, 1000).unref())]);
	let code: number | undefined;
	const params: Record<string, string> = {...options.params};
	options.args.forEach((arg, index) => (params[`arg${index}`] = arg));
	// The command's flags reach its screen too (e.g. `rollback --emergency --yes`).
	for (const [name, value] of Object.entries(options.flags)) if (['string', 'boolean', 'number'].includes(typeof value)) params[name] ??= String(value);
	const instance = render(
		<App
			context={context}
			initial={options.screen ? {id: options.screen, params} : undefined}
			onExit={exitCode => {
				code = exitCode;
			}}
		/>,
	);
	try {
		await instance.waitUntilExit();
	} finally {
		context.store.stop();
	}

	// Ink leaves on ctrl+c by itself: no exit code from the app means the user interrupted.
	return code ?? ExitCode.interrupted;
}
