import path from 'node:path';
import {Document, isMap, isScalar, parseDocument, type Scalar, type YAMLMap} from 'yaml';
import {rebaseService} from '../../project/compose-model/merge.js';
import type {ComposeModel} from '../../project/compose-model/model.js';
import {mappedImageText} from './image-text.js';

/**
 * The Alpine compose files, written as full files (not overrides): every command and a person's
 * `docker compose -f compose.alpine.yaml up` take them alone, Compose v1 reads them as v2 does, and
 * nothing of the regular file has to be removed (which an override cannot do on v1). A single
 * regular file is copied with its comments and `${VAR}` knobs, changing only what the Alpine
 * variant changes: image, build.dockerfile (or dockerfile_inline), build.args, container_name and
 * the project name. A model of several files (-f, include, extends) is written merged, values
 * still as written. The test file adds the guide's tmpfs and its 256M / 0.25 CPU limits. Pure.
 */

export type ServiceEdit = {
	name: string;
	image?: string;
	/** The regular image as resolved (variables substituted), for writing `image` with its variables kept. */
	resolvedImage?: string;
	/** The service builds and names its image: the Alpine build is tagged apart. */
	renameImage?: boolean;
	dockerfile?: string;
	inline?: string;
	args?: Record<string, string>;
};

export type ComposeTexts = {alpine: string; alpineTest: string};

/** Data directories that the test stack puts on tmpfs, by official image: the guide's "tmpfs for test data". */
const DATA_DIRS: Record<string, string> = {
	postgres: '/var/lib/postgresql/data',
	mysql: '/var/lib/mysql',
	mariadb: '/var/lib/mysql',
	mongo: '/data/db',
	redis: '/data',
};

const isSingleFile = (model: ComposeModel) => model.files.length === 1 && model.sources.length === 1;

function baseDocument(model: ComposeModel, targetDir: string, regularText: string | undefined): Document {
	if (isSingleFile(model) && regularText !== undefined && path.dirname(model.files[0]!) === targetDir) {
		const document = parseDocument(regularText, {merge: false});
		// A service that extends another inherits what the Alpine file changes: written merged instead.
		const services = document.get('services', true);
		const extending = isMap(services) && services.items.some(item => isMap(item.value) && item.value.has('extends'));
		if (!extending) return document;
	}

	const root: Record<string, unknown> = {};
	if (model.raw.name !== undefined) root.name = model.raw.name;
	root.services = Object.fromEntries(model.raw.services.map(service => [service.name, rebaseService(service.definition, model.projectDir, targetDir)]));
	for (const [key, value] of Object.entries(model.raw.sections)) if (value !== undefined && value !== null) root[key] = value;
	// Written as YAML 1.1 would read it: Compose v1 (PyYAML) takes an unquoted 8080:80 for a number and yes for true.
	return new Document(root, {version: '1.1'});
}

function suffixed(value: unknown, suffix: string): string {
	return `${String(value)}${suffix}`;
}

function applyEdits(document: Document, model: ComposeModel, edits: ServiceEdit[], suffix: string): void {
	const name = document.get('name');
	if (name !== undefined && name !== null) document.set('name', suffixed(isScalar(name) ? name.value : name, suffix));
	for (const edit of edits) {
		const source = model.raw.services.find(service => service.name === edit.name);
		if (!source) continue;
		const at = (key: string) => ['services', edit.name, key];
		if (edit.image) document.setIn(at('image'), typeof source.definition.image === 'string' && edit.resolvedImage ? mappedImageText(source.definition.image, source.env, edit.resolvedImage, edit.image) : edit.image);
		if (edit.renameImage && typeof source.definition.image === 'string') {
			const raw = source.definition.image;
			const tagged = /:[^/]*$/.test(raw) && !raw.endsWith(':');
			document.setIn(at('image'), tagged ? `${raw}-alpine` : `${raw}:alpine`);
		}

		if (edit.dockerfile || edit.inline !== undefined || edit.args) {
			const build = document.getIn(at('build'), true);
			if (!isMap(build)) document.setIn(at('build'), document.createNode({context: isScalar(build) ? (build as Scalar).value : '.'}));
			if (edit.dockerfile) document.setIn([...at('build'), 'dockerfile'], edit.dockerfile);
			if (edit.inline !== undefined) document.setIn([...at('build'), 'dockerfile_inline'], edit.inline);
			for (const [arg, value] of Object.entries(edit.args ?? {})) {
				const args = document.getIn([...at('build'), 'args'], true);
				if (args && !isMap(args)) {
					// KEY=value list: rewrite the entry in place.
					const items = (args as unknown as {items: Scalar[]}).items;
					const index = items.findIndex(item => String(item.value).split('=')[0] === arg);
					if (index >= 0) items[index] = document.createNode(`${arg}=${value}`) as Scalar;
					else items.push(document.createNode(`${arg}=${value}`) as Scalar);
				} else {
					document.setIn([...at('build'), 'args', arg], value);
				}
			}
		}

		const container = document.getIn(at('container_name'));
		if (container !== undefined && container !== null) document.setIn(at('container_name'), suffixed(container, suffix));
	}

	// Services kept as they are still get their own container names.
	const services = document.get('services', true);
	if (isMap(services)) {
		for (const item of services.items) {
			const key = String((item.key as Scalar).value);
			if (edits.some(edit => edit.name === key)) continue;
			const container = document.getIn(['services', key, 'container_name']);
			if (container !== undefined && container !== null) document.setIn(['services', key, 'container_name'], suffixed(container, suffix));
		}
	}
}

function header(lines: string[]): string {
	return lines.map(line => ` ${line}`).join('\n');
}

function describeSources(model: ComposeModel): string {
	return model.sources.map(file => path.relative(model.projectDir, file) || path.basename(file)).join(', ');
}

function officialName(image: string | undefined): string | undefined {
	if (!image) return undefined;
	const name = image.replace(/[@:][^/]*$/, '').replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
	return name.includes('/') ? undefined : name;
}

function addTestSettings(document: Document, model: ComposeModel): void {
	const resources = document.createNode({limits: {memory: '256M', cpus: '0.25'}, reservations: {memory: '128M'}});
	resources.anchor = 'test-resources';
	// The anchor goes before the services that use it.
	const root = document.contents as YAMLMap;
	const at = root.items.findIndex(item => (item.key as Scalar)?.value === 'services');
	root.items.splice(Math.max(0, at), 0, document.createPair('x-test-resources', resources) as never);
	const services = document.get('services', true) as YAMLMap | undefined;
	for (const item of services?.items ?? []) {
		const name = String((item.key as Scalar).value);
		const service = model.services.find(candidate => candidate.name === name);
		const tmpfs = document.getIn(['services', name, 'tmpfs']);
		const existing = tmpfs === undefined || tmpfs === null ? [] : isScalar(tmpfs) ? [String(tmpfs.value)] : (tmpfs as {toJSON(): unknown[]}).toJSON?.().map(String) ?? [];
		const wanted = ['/tmp', ...(DATA_DIRS[officialName(service?.image) ?? ''] ? [DATA_DIRS[officialName(service?.image)!]!] : [])];
		const volumes = (document.getIn(['services', name, 'volumes']) as {toJSON?(): unknown[]} | undefined)?.toJSON?.() ?? [];
		const mounted = new Set(volumes.map(volume => (typeof volume === 'string' ? volume.split(':')[1] : (volume as {target?: string}).target)));
		const merged = [...existing, ...wanted.filter(dir => !existing.includes(dir) && !mounted.has(dir))];
		document.setIn(['services', name, 'tmpfs'], document.createNode(merged));
		document.setIn(['services', name, 'deploy', 'resources'], document.createAlias(resources));
	}
}

/** `regularText`: the single regular file's text, copied with its comments (else the merged model is written). */
export function alpineComposeTexts(model: ComposeModel, edits: ServiceEdit[], files: {alpine: string; alpineTest: string}, regularText?: string): ComposeTexts {
	const regular = describeSources(model);
	const alpine = baseDocument(model, path.dirname(files.alpine), regularText);
	applyEdits(alpine, model, edits, '-alpine');
	alpine.commentBefore = header([
		`Alpine (musl) variant of ${regular}, written by \`alpinist init\`.`,
		'A full file (not an override): use it alone, e.g. `docker compose -f ' + path.basename(files.alpine) + ' up`.',
		'Changed from the regular file: images, build dockerfiles and base-image build args; the rest is as it was.',
	]);
	const test = baseDocument(model, path.dirname(files.alpineTest), regularText);
	applyEdits(test, model, edits, '-alpine-test');
	addTestSettings(test, model);
	test.commentBefore = header([
		`Alpine (musl) test stack of ${regular}, written by \`alpinist init\`: the Alpine services with the`,
		"guide's test settings: scratch space (and database data) on tmpfs, limits of 256M memory and 0.25 CPU.",
	]);
	const options = {lineWidth: 0};
	return {alpine: alpine.toString(options), alpineTest: test.toString(options)};
}
