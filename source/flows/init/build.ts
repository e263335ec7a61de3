import {readFileSync} from 'node:fs';
import path from 'node:path';
import {convertDockerfile, hasErrors} from '../../dockerfile/convert.js';
import {unifiedDiff} from '../../dockerfile/diff.js';
import {alpineTargetPath, contextReader} from '../../dockerfile/file.js';
import {DockerfileParseError} from '../../dockerfile/parse.js';
import type {ConversionResult, Finding} from '../../dockerfile/types.js';
import type {BuildModel} from '../../project/compose-model/model.js';
import {decideImage, type Substitutions, substitute, upstreamOf} from './images.js';

/**
 * A build service's Dockerfile → its Alpine variant, with the existing converter, written beside
 * it by the project's naming (`Dockerfile.alpine`, `name.alpine.Dockerfile`). Build args whose
 * value is the image of a FROM are mapped too: a `BASE_IMAGE` set in the regular compose file
 * must not bring the Debian image back into the Alpine build. Pure apart from reading files.
 */

export type ArgMapping = {name: string; from: string; to: string; reason: string};

export type BuildDecision = {
	status: 'converted' | 'already-alpine' | 'kept' | 'flagged';
	from: string;
	to: string;
	reason: string;
	/** The regular Dockerfile (absolute). */
	source?: string;
	/** The Alpine Dockerfile to write (absolute), or the regular one when it is already on Alpine. */
	dockerfile?: string;
	/** As the Alpine compose file names it (relative to the context). */
	dockerfileName?: string;
	conversion?: ConversionResult;
	diff?: string;
	/** Converted text of an inline Dockerfile (dockerfile_inline). */
	inline?: string;
	args: ArgMapping[];
	/** The Alpine base images the build pulls (after substitutions): what verification asks about. */
	bases: string[];
};

const WHOLE_VAR = /^\$(?:\{([A-Za-z_]\w*)(?::?-[^}]*)?\}|([A-Za-z_]\w*))$/;

/** Global ARGs used as the whole image of a FROM: `FROM ${BASE_IMAGE}`. */
export function imageArgs(text: string): Set<string> {
	const names = new Set<string>();
	for (const match of text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)) {
		const whole = WHOLE_VAR.exec(match[1]!);
		if (whole) names.add(whole[1] ?? whole[2]!);
	}

	return names;
}

/** A global `ARG NAME` (before the first FROM) without a default whose value compose passes: given that value as default, so the converter can follow it. */
function withArgDefaults(text: string, values: Record<string, string>): string {
	const first = /^\s*FROM\s/im.exec(text);
	const head = first ? text.slice(0, first.index) : text;
	const rest = first ? text.slice(first.index) : '';
	const patched = head.replace(/^(\s*ARG\s+)([A-Za-z_]\w*)([ \t]*)$/gim, (line, keyword: string, name: string, tail: string) => {
		const hasDefault = new RegExp(`^\\s*ARG\\s+${name}=`, 'im').test(head);
		return values[name] && !hasDefault ? `${keyword}${name}=${values[name]}${tail}` : line;
	});
	return patched + rest;
}

/** Literal FROM images that the substitutions name a local copy of. */
function substituteFroms(text: string, substitutions: Substitutions): {text: string; notes: string[]} {
	const notes: string[] = [];
	const result = text.replace(/^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/gim, (line, head: string, image: string) => {
		if (image.includes('$')) return line;
		const local = substitute(image, substitutions);
		if (!local) return line;
		notes.push(`FROM ${image} → ${local} (imageSubstitutions)`);
		return `${head}${local}`;
	});
	return {text: result, notes};
}

export function decideBuild(build: BuildModel, substitutions: Substitutions): BuildDecision {
	const none = {args: [], bases: []};
	if (build.remote) return {...none, status: 'kept', from: build.context, to: build.context, reason: 'remote build context: its Dockerfile cannot be read here; convert it where it lives'};
	let text: string;
	const file = build.dockerfile ?? path.join(build.context, '(inline Dockerfile)');
	if (build.inline === undefined) {
		try {
			text = readFileSync(build.dockerfile!, 'utf8');
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			return {...none, status: 'flagged', from: build.dockerfileName, to: build.dockerfileName, reason: `${build.dockerfile}: ${code === 'ENOENT' ? 'no such Dockerfile' : `cannot read (${code})`}`};
		}
	} else {
		text = build.inline;
	}

	// Build args that are the image of a FROM: mapped like image: services.
	const args: ArgMapping[] = [];
	const problems: string[] = [];
	const upstreamValues: Record<string, string> = {};
	for (const name of imageArgs(text)) {
		const value = build.args[name];
		if (value === undefined || value === '') continue;
		const decision = decideImage(value, substitutions);
		upstreamValues[name] = upstreamOf(value, substitutions) ?? value;
		if (decision.status === 'mapped') args.push({name, from: value, to: decision.to, reason: decision.reason});
		else if (decision.status === 'kept') problems.push(`build arg ${name}=${value}: ${decision.reason}; the Alpine build would start from it (a local copy of an upstream image? name it in imageSubstitutions)`);
	}

	let conversion: ConversionResult;
	try {
		conversion = convertDockerfile(withArgDefaults(text, upstreamValues), file, {readContextFile: contextReader(build.context), buildArgs: {...build.args, ...upstreamValues}});
	} catch (error) {
		if (error instanceof DockerfileParseError) return {...none, status: 'flagged', from: build.dockerfileName, to: build.dockerfileName, reason: `${file}:${error.line}: ${error.reason}`};
		throw error;
	}

	const substituted = substituteFroms(conversion.converted, substitutions);
	const converted = substituted.text;
	const target = build.inline === undefined ? alpineTargetPath(build.dockerfile!) : undefined;
	const stage = (build.target ? conversion.stages.find(s => s.name?.toLowerCase() === build.target!.toLowerCase()) : undefined) ?? conversion.stages.at(-1);
	const finalArg = stage ? WHOLE_VAR.exec(stage.from) : undefined;
	const argOfFinal = finalArg ? args.find(arg => arg.name === (finalArg[1] ?? finalArg[2])) : undefined;
	const from = argOfFinal?.from ?? (finalArg ? build.args[finalArg[1] ?? finalArg[2]!] : undefined) ?? stage?.from ?? '';
	const to = argOfFinal?.to ?? (stage ? substitute(stage.to, substitutions) ?? stage.to : from);
	const bases = new Set<string>();
	for (const s of conversion.stages) {
		if (s.status !== 'converted' && s.status !== 'alpine') continue;
		const whole = WHOLE_VAR.exec(s.from);
		const arg = whole ? args.find(a => a.name === (whole[1] ?? whole[2])) : undefined;
		const image = arg?.to ?? substitute(s.to, substitutions) ?? s.to;
		if (!image.includes('$')) bases.add(image);
	}

	const errors = conversion.findings.filter((f: Finding) => f.severity === 'error');
	const allAlpine = conversion.stages.every(s => s.status === 'alpine' || s.status === 'stage' || s.status === 'scratch') && args.length === 0;
	const decision: BuildDecision = {
		status: 'converted',
		from,
		to,
		reason: '',
		source: build.dockerfile,
		conversion: {...conversion, converted, changed: converted !== conversion.original},
		args,
		bases: [...bases],
	};
	if (build.inline !== undefined) decision.inline = converted;
	else {
		decision.dockerfile = target;
		decision.dockerfileName = path.join(path.dirname(build.dockerfileName), path.basename(target!));
		decision.diff = unifiedDiff(text, converted, `a/${path.basename(build.dockerfile!)}`, `b/${path.basename(target!)}`);
	}

	const counts = `${conversion.changes.length} change${conversion.changes.length === 1 ? '' : 's'}, ${conversion.findings.length} finding${conversion.findings.length === 1 ? '' : 's'}`;
	const extra = [...substituted.notes, ...args.map(arg => `build arg ${arg.name}: ${arg.from} → ${arg.to}`)];
	if (allAlpine && !hasErrors(conversion) && problems.length === 0) {
		return {...decision, status: 'already-alpine', dockerfile: build.dockerfile, dockerfileName: build.dockerfileName, diff: undefined, inline: build.inline, reason: `${path.basename(file)} already builds on Alpine`};
	}

	if (errors.length > 0 || problems.length > 0) {
		const first = errors[0];
		return {...decision, status: 'flagged', reason: [...problems, ...(first ? [`${errors.length} error${errors.length === 1 ? '' : 's'} (line ${first.line}: ${first.message})`] : []), counts].join('; ')};
	}

	return {...decision, reason: [`${path.basename(file)} → ${target ? path.basename(target) : 'inline'}: ${counts}`, ...extra].join('; ')};
}
