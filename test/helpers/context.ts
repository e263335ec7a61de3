import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createContext} from '../../source/flows/context.js';
import type {FlowContext} from '../../source/flows/types.js';
import {discoverProject, type Project} from '../../source/project/discover.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A flow context on the bundled sample project under a unique compose project name, with
 * progress kept in a temporary directory (never the user's real config).
 */
export function testContext(name: string, options: {projectDir?: string; adjust?: (project: Project) => void; confirm?: FlowContext['confirm']} = {}) {
	const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-state-'));
	const project = discoverProject({dir: options.projectDir ?? repoRoot});
	const unique = `${name}-${process.pid}`;
	project.name = unique;
	project.projectNames = {regular: unique, alpine: `${unique}-alpine`, alpineTest: `${unique}-alpine-test`};
	options.adjust?.(project);
	const context = createContext({project, stateDir, confirm: options.confirm});
	return {
		context,
		project,
		stateDir,
		cleanup() {
			context.store.stop();
			rmSync(stateDir, {recursive: true, force: true});
		},
	};
}
