import {existsSync} from 'node:fs';
import path from 'node:path';
import type {Project} from '../../project/discover.js';
import {loadComposeModel, type ComposeModel} from '../../project/compose-model/model.js';
import {ComposeFileError} from '../../project/compose-model/yaml-file.js';

/**
 * The regular compose files, as `docker compose` picks them: the files given (`--file`, or
 * COMPOSE_FILE with its separator), else the project's regular file and, beside it, the override
 * file compose reads on its own (`docker-compose.override.yml`, `compose.override.yaml`).
 */

export class InitInputError extends Error {
	override name = 'InitInputError';
}

export function regularComposeFiles(project: Project, given: string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
	if (given.length > 0) return given.map(file => path.resolve(project.root, file));
	if (env.COMPOSE_FILE) {
		const separator = env.COMPOSE_PATH_SEPARATOR ?? (process.platform === 'win32' ? ';' : ':');
		return env.COMPOSE_FILE.split(separator).filter(Boolean).map(file => path.resolve(project.root, file));
	}

	const regular = project.compose.regular;
	if (!regular) throw new InitInputError(`${project.root} has no regular compose file (docker-compose.yml, compose.yaml, there or in compose/); give one with --file`);
	const match = /^(.*?)(\.ya?ml)$/i.exec(path.basename(regular));
	const candidates = match ? [`${match[1]}.override${match[2]}`, `${match[1]}.override${match[2] === '.yml' ? '.yaml' : '.yml'}`] : [];
	const override = candidates.map(name => path.join(path.dirname(regular), name)).find(file => existsSync(file));
	return override ? [regular, override] : [regular];
}

export function readRegularModel(project: Project, files: string[]): ComposeModel {
	for (const file of files) if (!existsSync(file)) throw new ComposeFileError(file, 'no such file');
	return loadComposeModel({files, configEnv: project.config.env});
}
