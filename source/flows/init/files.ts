import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {unifiedDiff} from '../../dockerfile/diff.js';
import {configFileName, type Project} from '../../project/discover.js';
import type {ComposeModel} from '../../project/compose-model/model.js';
import {alpineComposeTexts, type ServiceEdit} from './compose-files.js';
import type {ServiceRow} from './services.js';

/**
 * The files init writes, each with what would happen to it: created, left unchanged (same text),
 * kept because it exists and differs (--force overwrites it), or overwritten. The regular files
 * (every compose file read, every regular Dockerfile, .env) are never among them.
 */

export type FileRole = 'alpine' | 'alpineTest' | 'dockerfile' | 'config';
export type FileAction = 'create' | 'overwrite' | 'unchanged' | 'exists';

export type PlannedFile = {
	path: string;
	role: FileRole;
	action: FileAction;
	content: string;
	/** For an existing file that differs: +added −removed lines. */
	change?: string;
	service?: string;
};

/** `docker-compose.yml` → `docker-compose.alpine.yml`, `compose.yaml` → `compose.alpine-test.yaml`. */
export function alpineComposeName(regular: string, variant: 'alpine' | 'alpine-test'): string {
	const dir = path.dirname(regular);
	const match = /^(.*?)(\.ya?ml)$/i.exec(path.basename(regular));
	const stem = match ? match[1]! : path.basename(regular);
	const extension = match ? match[2]! : '.yml';
	return path.join(dir, `${stem.replace(/\.override$/, '')}.${variant}${extension}`);
}

export function composeTargets(project: Project, model: ComposeModel): {alpine: string; alpineTest: string} {
	const first = model.files[0]!;
	const configured = (variant: 'alpine' | 'alpineTest') => (project.config.compose[variant] ? path.resolve(project.root, project.config.compose[variant]!) : project.compose[variant]);
	return {alpine: configured('alpine') ?? alpineComposeName(first, 'alpine'), alpineTest: configured('alpineTest') ?? alpineComposeName(first, 'alpine-test')};
}

function changeOf(before: string, after: string): string {
	const diff = unifiedDiff(before, after, 'a', 'b').split('\n');
	const added = diff.filter(line => line.startsWith('+') && !line.startsWith('+++')).length;
	const removed = diff.filter(line => line.startsWith('-') && !line.startsWith('---')).length;
	return `+${added} −${removed} lines`;
}

function planned(file: string, role: FileRole, content: string, force: boolean, service?: string): PlannedFile {
	if (!existsSync(file)) return {path: file, role, action: 'create', content, service};
	let existing: string;
	try {
		existing = readFileSync(file, 'utf8');
	} catch {
		existing = '';
	}

	if (existing === content) return {path: file, role, action: 'unchanged', content, service};
	return {path: file, role, action: force ? 'overwrite' : 'exists', content, change: changeOf(existing, content), service};
}

/** alpinist.config.json with the compose entries pointing at the files written (other fields as they were). */
export function configText(project: Project, model: ComposeModel, targets: {alpine: string; alpineTest: string}): {file: string; text?: string} {
	const file = project.configFile ?? path.join(project.root, configFileName);
	let raw: Record<string, unknown> = {};
	let indent: string | number = '\t';
	// The file as it is now: the wizard plans again after writing it, with the project it started with.
	if (existsSync(file)) {
		const text = readFileSync(file, 'utf8');
		try {
			raw = JSON.parse(text) as Record<string, unknown>;
		} catch (error) {
			throw new Error(`${file} is not JSON (${(error as Error).message}): fix it or move it away, then read again`);
		}

		indent = /^\{\s*\n(\s+)"/.exec(text)?.[1] ?? '\t';
	}

	const compose = {...(raw.compose as Record<string, string> | undefined)};
	const relative = (target: string) => path.relative(project.root, target);
	const wanted: Record<string, string> = {regular: relative(model.files[0]!), alpine: relative(targets.alpine), alpineTest: relative(targets.alpineTest)};
	let changed = false;
	for (const [key, value] of Object.entries(wanted)) {
		const current = compose[key] ? path.resolve(project.root, compose[key]!) : undefined;
		if (current === path.resolve(project.root, value)) continue;
		compose[key] = value;
		changed = true;
	}

	if (!changed) return {file};
	return {file, text: `${JSON.stringify({...raw, compose}, null, indent)}\n`};
}

export type PlanInput = {project: Project; model: ComposeModel; rows: ServiceRow[]; accepted: (row: ServiceRow) => boolean; force: boolean};

export function planFiles({project, model, rows, accepted, force}: PlanInput): PlannedFile[] {
	const targets = composeTargets(project, model);
	const edits: ServiceEdit[] = [];
	const files: PlannedFile[] = [];
	const dockerfiles = new Set<string>();
	for (const row of rows) {
		if (!accepted(row)) continue;
		if (row.kind === 'image' && row.status === 'mapped') edits.push({name: row.name, image: row.to, resolvedImage: row.service.image});
		if (row.kind !== 'build' || !row.build || (row.status !== 'converted' && row.status !== 'flagged') || !row.build.conversion) continue;
		const {build} = row;
		edits.push({
			name: row.name,
			renameImage: row.service.image !== undefined,
			dockerfile: build.dockerfileName,
			inline: build.inline,
			args: build.args.length > 0 ? Object.fromEntries(build.args.map(arg => [arg.name, arg.to])) : undefined,
		});
		if (build.dockerfile && !dockerfiles.has(build.dockerfile)) {
			dockerfiles.add(build.dockerfile);
			files.push(planned(build.dockerfile, 'dockerfile', build.conversion!.converted, force, row.name));
		}
	}

	const single = model.files.length === 1 && model.sources.length === 1 ? readFileSync(model.files[0]!, 'utf8') : undefined;
	const texts = alpineComposeTexts(model, edits, targets, single);
	files.unshift(planned(targets.alpine, 'alpine', texts.alpine, force), planned(targets.alpineTest, 'alpineTest', texts.alpineTest, force));
	const config = configText(project, model, targets);
	if (config.text !== undefined) files.push({...planned(config.file, 'config', config.text, true), action: existsSync(config.file) ? 'overwrite' : 'create'});
	return files;
}

/** Files the plan must never write: the regular model's files, its Dockerfiles, .env. */
export function regularFiles(model: ComposeModel): string[] {
	const files = new Set([...model.sources, path.join(model.projectDir, '.env')]);
	for (const service of model.services) if (service.build?.dockerfile) files.add(service.build.dockerfile);
	return [...files];
}

/** Write through a temporary file and a rename: a crash leaves the old file or the new one, never half of one. */
export function writeAtomic(file: string, content: string): void {
	mkdirSync(path.dirname(file), {recursive: true});
	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
	writeFileSync(temporary, content);
	renameSync(temporary, file);
}
