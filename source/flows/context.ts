import {type ComposeCli, ComposeMissingError, detectCompose} from '../docker/compose.js';
import {DockerStore} from '../docker/store.js';
import {discoverProject, type Project} from '../project/discover.js';
import {ProgressStore} from '../project/progress.js';
import type {Confirmation, FlowContext} from './types.js';

export type ContextOptions = {
	projectDir?: string;
	stateDir?: string;
	signal?: AbortSignal;
	dryRun?: boolean;
	confirm?: (question: Confirmation) => Promise<boolean>;
	/** Reuse an existing store (the TUI shares one across screens). */
	store?: DockerStore;
	project?: Project;
};

/** Builds what every flow is given: the project, one shared store, the progress store, compose. */
export function createContext(options: ContextOptions = {}): FlowContext {
	const project = options.project ?? discoverProject({dir: options.projectDir});
	const store = options.store ?? new DockerStore();
	const progress = new ProgressStore({projectPath: project.root, cwd: options.stateDir});
	let compose: Promise<ComposeCli> | undefined;
	return {
		docker: store.docker,
		store,
		project,
		progress,
		compose: () =>
			(compose ??= detectCompose({cacheDir: progress.dir}).then(cli => {
				if (!cli) throw new ComposeMissingError();
				return cli;
			})),
		signal: options.signal ?? new AbortController().signal,
		confirm: options.confirm ?? (async () => false),
		dryRun: options.dryRun ?? false,
	};
}
