import path from 'node:path';
import {type Copy, DockerfileParser, type From, type Instruction} from 'dockerfile-ast';
import {substitute} from '../../dockerfile/stages.js';

/**
 * Where a program in an image comes from, read from the Dockerfile: the line of the final stage that
 * puts it there and, for `COPY --from=<stage>`, the stage that built it. That is the line to change.
 */

export type Origin = {
	/** Evidence: "<file>:<line>: <instruction> (what it means)". */
	lines: string[];
	/** The change, as a unified-diff-like snippet. */
	patch?: string;
	/** The change in words, for the fix list. */
	change?: string;
};

type Stage = {from: From; name?: string; image: string; resolved?: string; body: Instruction[]};

const lineOf = (instruction: Instruction) => instruction.getRange().start.line + 1;

function stagesOf(text: string, buildArgs: Record<string, string>): Stage[] {
	const dockerfile = DockerfileParser.parse(text);
	const args = new Map<string, string | null>();
	for (const arg of dockerfile.getInitialARGs()) {
		const property = arg.getProperty();
		if (property) args.set(property.getName(), property.getValue());
	}

	// Compose's build args override the ARG defaults, as the builder does.
	for (const [name, value] of Object.entries(buildArgs)) if (args.has(name)) args.set(name, value);
	const stages: Stage[] = [];
	for (const instruction of dockerfile.getInstructions()) {
		if (instruction.getKeyword() === 'FROM') {
			const from = instruction as From;
			const image = from.getImage() ?? '';
			stages.push({from, name: from.getBuildStage() ?? undefined, image, resolved: image.includes('$') ? substitute(image, args) : image, body: []});
		} else {
			stages.at(-1)?.body.push(instruction);
		}
	}

	return stages;
}

/** Whether a COPY/ADD puts `program` in place: by its destination, or by a source of the same name. */
function copies(instruction: Copy, program: string): boolean {
	const values = instruction.getArguments().map(argument => argument.getValue());
	if (values.length < 2) return false;
	const destination = values.at(-1)!;
	const sources = values.slice(0, -1);
	if (destination === program || sources.includes(program)) return true;
	const directory = destination.endsWith('/') ? destination : `${destination}/`;
	return program.startsWith(directory) && sources.some(source => path.posix.basename(source.replace(/\/+$/, '')) === program.slice(directory.length).split('/')[0]);
}

function show(lines: string[], instruction: Instruction): string {
	const text = lines[lineOf(instruction) - 1]?.trim() ?? '';
	return text.endsWith('\\') ? `${text.slice(0, -1).trim()} …` : text;
}

function described(stage: Stage): string {
	return stage.resolved && stage.resolved !== stage.image ? `${stage.image} = ${stage.resolved}` : stage.image;
}

export function programOrigin(text: string, file: string, program: string, buildArgs: Record<string, string> = {}): Origin {
	const stages = stagesOf(text, buildArgs);
	const final = stages.at(-1);
	if (!final) return {lines: []};
	const lines = text.split('\n');
	const at = (instruction: Instruction, note: string) => `${file}:${lineOf(instruction)}: ${show(lines, instruction)}  (${note})`;
	const finalFrom = `${file}:${lineOf(final.from)}: ${show(lines, final.from)}`;
	const gcompat: Origin['patch'] = [`--- ${file}`, `+++ ${file}`, `@@ line ${lineOf(final.from)}: the final stage @@`, ` ${show(lines, final.from)}`, '+RUN apk add --no-cache gcompat'].join('\n');

	const copy = final.body.find(instruction => ['COPY', 'ADD'].includes(instruction.getKeyword()) && copies(instruction as Copy, program)) as Copy | undefined;
	if (!copy) {
		const run = final.body.find(instruction => instruction.getKeyword() === 'RUN' && show(lines, instruction).includes(program));
		return {
			lines: run ? [at(run, 'where the final stage installs the program')] : [`${finalFrom}  (the final stage; no line of it names ${program})`],
			patch: gcompat,
			change: `after line ${lineOf(final.from)}, add RUN apk add --no-cache gcompat — or install a musl build of the program there`,
		};
	}

	const fromFlag = copy.getFromFlag()?.getValue();
	if (!fromFlag) {
		return {
			lines: [at(copy, 'copies a prebuilt program from the build context into the final stage')],
			patch: gcompat,
			change: `line ${lineOf(copy)} copies a prebuilt program: copy a musl or static build instead, or add gcompat after line ${lineOf(final.from)}`,
		};
	}

	const source = stages.find(stage => stage.name?.toLowerCase() === fromFlag.toLowerCase()) ?? (/^\d+$/.test(fromFlag) ? stages[Number(fromFlag)] : undefined);
	if (!source || source === final) {
		return {lines: [at(copy, `copies the program out of the image ${fromFlag}`)], patch: gcompat, change: `line ${lineOf(copy)} copies a program built for another image: take it from a musl image, or add gcompat`};
	}

	const evidence = [
		at(copy, `copies the program from stage "${fromFlag}" into the final stage, which runs on ${described(final)}`),
		at(source.from, `stage "${fromFlag}" builds it on ${described(source)}`),
	];
	const sameBase = (source.resolved ?? source.image) === (final.resolved ?? final.image);
	if (sameBase) return {lines: evidence, patch: gcompat, change: `add gcompat after line ${lineOf(final.from)}`};
	const newFrom = `FROM ${final.image}${source.name ? ` AS ${source.name}` : ''}`;
	return {
		lines: evidence,
		patch: [`--- ${file}`, `+++ ${file}`, `@@ line ${lineOf(source.from)}: build the program on the final stage's (musl) base @@`, `-${show(lines, source.from)}`, `+${newFrom}`].join('\n'),
		change: `line ${lineOf(source.from)}: build stage "${fromFlag}" on ${final.image} (${newFrom}) so the program is linked against musl; convert that stage's RUN lines too (alpinist convert)`,
	};
}
