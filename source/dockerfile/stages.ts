import type {Arg, From, Instruction} from 'dockerfile-ast';
import {mapBaseImage, type ImageMapping} from './base-images.js';
import type {ConversionContext} from './context.js';
import {unquote} from './shell.js';
import {Rule, type StageInfo} from './types.js';

export type Stage = StageInfo & {
	from: string;
	instruction: From;
	/** Instructions after this FROM, up to the next one. */
	body: Instruction[];
	/** Index of the stage this one builds on (`FROM build AS x`). */
	parent?: number;
	/** Whether the stage runs on Alpine after conversion, so its RUNs are converted. */
	onAlpine: boolean;
};

type GlobalArg = {name: string; value: string | null; instruction: Arg; start: number; end: number; raw: string};

const SINGLE_VAR = /^\$(?:\{([A-Za-z_]\w*)(?::?-([^}]*))?\}|([A-Za-z_]\w*))$/;

/** Substitute `$X`, `${X}`, `${X:-default}` from global ARG defaults; undefined when one has no value. */
export function substitute(text: string, args: Map<string, string | null>): string | undefined {
	let unresolved = false;
	const out = text.replace(/\$(?:\{([A-Za-z_]\w*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_]\w*))/g, (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
		const name = braced ?? bare!;
		const value = args.get(name);
		const set = value !== undefined && value !== null && value !== '';
		if (op?.endsWith('-')) return set ? value! : word ?? '';
		if (op?.endsWith('+')) return set ? word ?? '' : '';
		if (!set) {
			unresolved = true;
			return '';
		}
		return value!;
	});
	return unresolved ? undefined : out;
}

export function analyseStages(context: ConversionContext, buildArgs: Record<string, string | undefined> = {}): Stage[] {
	const {parsed} = context;
	const {index} = parsed;
	const globals = new Map<string, GlobalArg>();
	for (const arg of parsed.dockerfile.getInitialARGs()) {
		const property = arg.getProperty();
		if (!property) continue;
		const range = property.getValueRange();
		const start = range ? index.offset(range.start) : 0;
		const end = range ? index.offset(range.end) : 0;
		// dockerfile-ast keeps the quotes of `ARG X="3.2.2"`; the builder does not.
		const value = property.getUnescapedValue();
		globals.set(property.getName(), {name: property.getName(), value: value === null ? null : unquote(value, parsed.escapeChar), instruction: arg, start, end, raw: range ? parsed.text.slice(start, end) : ''});
	}
	// What a FROM resolves to: the value compose passes, else the ARG's default.
	const argValues = new Map([...globals].map(([name, g]) => [name, buildArgs[name] || g.value]));
	const editedArgs = new Map<string, string>();

	const stages: Stage[] = [];
	/** Stage names (lower case) → index, for `FROM <stage>`. */
	const byName = new Map<string, number>();
	for (const instruction of parsed.instructions) {
		if (instruction.getKeyword() === 'FROM') {
			const stage = describeStage(instruction as From, stages.length);
			stages.push(stage);
			if (stage.name !== undefined && !byName.has(stage.name.toLowerCase())) byName.set(stage.name.toLowerCase(), stage.index);
		} else if (stages.length > 0) {
			stages.at(-1)!.body.push(instruction);
		}
	}
	return stages;

	function describeStage(from: From, position: number): Stage {
		const image = from.getImage() ?? '';
		const range = from.getImageRange()!;
		const start = index.offset(range.start);
		const end = index.offset(range.end);
		const line = index.line(start);
		const name = from.getBuildStage() ?? undefined;
		const stage: Stage = {index: position, name, line, from: image, to: image, status: 'unmapped', instruction: from, body: [], onAlpine: false};

		const asStage = (resolved: string): boolean => {
			const parent = byName.get(resolved.toLowerCase());
			if (parent === undefined) return false;
			stage.status = 'stage';
			stage.parent = parent;
			stage.onAlpine = stages[parent]!.onAlpine;
			return true;
		};

		const apply = (mapping: ImageMapping, shown: string, write: (image: string) => void): void => {
			switch (mapping.kind) {
				case 'mapped':
					write(mapping.image);
					stage.status = 'converted';
					stage.onAlpine = true;
					for (const note of mapping.notes) {
						if (note.startsWith('digest')) context.find(Rule.digestDropped, 'info', start, `${shown}: ${note}`);
						else if (!/ becomes /.test(note)) context.find(Rule.imageNote, 'info', start, `${shown}: ${note}`);
					}
					return;
				case 'alpine':
					stage.status = 'alpine';
					stage.onAlpine = true;
					return;
				case 'scratch':
				case 'distroless':
					stage.status = mapping.kind;
					return;
				case 'unknown':
					stage.status = 'unmapped';
					context.find(mapping.glibcByNature ? Rule.glibcByNature : Rule.imageUnmapped, 'error', start, `${shown}: ${mapping.reason}; left as is${mapping.suggestion ? ` (consider ${mapping.suggestion})` : ''}`);
			}
		};

		if (!image.includes('$')) {
			if (asStage(image)) return stage;
			apply(mapBaseImage(image), image, mapped => {
				context.edit(start, end, mapped);
				context.change('base-image', start, `FROM ${image} → ${mapped}`, image, mapped);
				stage.to = mapped;
			});
			return stage;
		}

		// The image comes from build arguments.
		const single = SINGLE_VAR.exec(image);
		const argName = single ? single[1] ?? single[3]! : undefined;
		const global = argName ? globals.get(argName) : undefined;
		if (single && global && global.value) {
			const resolved = global.value;
			if (asStage(resolved)) return stage;
			const mapping = mapBaseImage(resolved);
			apply(mapping, `${image} (ARG ${global.name}=${resolved})`, mapped => {
				stage.to = mapped;
				if (editedArgs.has(global.name)) return;
				editedArgs.set(global.name, mapped);
				const text = global.raw.includes(resolved) ? global.raw.replace(resolved, mapped) : mapped;
				context.edit(global.start, global.end, text);
				context.change('arg-default', global.start, `ARG ${global.name} default ${resolved} → ${mapped} (a --build-arg still overrides it)`, resolved, mapped);
			});
			if (mapping.kind !== 'mapped') stage.to = resolved;
			return stage;
		}

		const resolved = substitute(image, argValues);
		const template = mapBaseImage(image);
		if (resolved !== undefined) {
			if (asStage(resolved)) return stage;
			const mapping = mapBaseImage(resolved);
			if (mapping.kind !== 'mapped') {
				apply(mapping, `${image} (resolves to ${resolved})`, () => undefined);
				stage.to = resolved;
				return stage;
			}
			if (template.kind === 'mapped' && substitute(template.image, argValues) === mapping.image) {
				apply(template, image, mapped => {
					context.edit(start, end, mapped);
					context.change('base-image', start, `FROM ${image} → ${mapped} (resolves to ${mapping.image})`, image, mapped);
					stage.to = mapping.image;
				});
				return stage;
			}
			stage.status = 'unresolved';
			stage.to = resolved;
			context.find(Rule.imageUnresolved, 'error', start, `${image} resolves to ${resolved}, whose Alpine variant is ${mapping.image}, but that cannot be written with the same build arguments; edit this FROM by hand`);
			return stage;
		}
		if (template.kind === 'mapped') {
			apply(template, image, mapped => {
				context.edit(start, end, mapped);
				context.change('base-image', start, `FROM ${image} → ${mapped} (assuming the build argument is a version)`, image, mapped);
				stage.to = mapped;
			});
			return stage;
		}
		stage.status = 'unresolved';
		context.find(Rule.imageUnresolved, 'error', start, `${image} comes from a build argument with no default; pass an Alpine image with --build-arg, or give the ARG an Alpine default`);
		return stage;
	}
}
