import {render} from 'ink';
import App from './app.js';
import type {GlobalFlags} from './commands/types.js';
import {ExitCode} from './commands/types.js';
import type {DockerStore} from './docker/store.js';
import {createContext} from './flows/context.js';
import type {Route} from './screens/types.js';

export type InteractiveOptions = {
	flags: GlobalFlags;
	/** The screen to open and its params (commandRoute: from the command's flags); Home without one. */
	route?: Route;
	/** The shared store, already started by the caller so the engine answers while this loads. */
	store?: DockerStore;
	/** SIGINT/SIGTERM from outside (not the ctrl+c key, which Ink handles): leave with 130. */
	signal?: AbortSignal;
	/** Called once the first frame is on the screen (Ink draws it during render()). */
	onFirstFrame?: () => void;
};

/** The TUI: one shared store for every screen, started before the first frame. */
export async function runInteractive(options: InteractiveOptions): Promise<number> {
	let context;
	try {
		context = createContext({
			projectDir: options.flags.project,
			stateDir: options.flags.stateDir as string | undefined,
			dryRun: options.flags.dryRun,
			store: options.store,
		});
	} catch (error) {
		options.store?.stop();
		throw error;
	}

	void context.store.start();
	let code: number | undefined;
	const instance = render(
		<App
			context={context}
			initial={options.route}
			onExit={exitCode => {
				code = exitCode;
			}}
		/>,
		// Ink draws at most maxFps frames a second (30 by default), with the first frame at once: the
		// engine's first answer, ~40 ms later, waited for the next 33 ms slot. At 60 the live frame
		// comes ~20 ms sooner (npm run bench startup); the screens redraw on changes, not per frame.
		{maxFps: 60},
	);
	options.onFirstFrame?.();
	const onAbort = () => instance.unmount();
	options.signal?.addEventListener('abort', onAbort, {once: true});
	try {
		await instance.waitUntilExit();
	} finally {
		options.signal?.removeEventListener('abort', onAbort);
		context.store.stop();
	}

	// Ink leaves on ctrl+c by itself: no exit code from the app means the user interrupted.
	return code ?? ExitCode.interrupted;
}
