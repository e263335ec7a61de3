/**
 * Convert a Debian/glibc Dockerfile to its Alpine/musl variant.
 *
 * Edits are ranges on the original text: lines that need no change stay byte-identical, and
 * comments, continuations, heredocs and stage structure are kept.
 */
import type {Instruction, JSONInstruction, Run, Shell} from 'dockerfile-ast';
import {bashFeatures, isBash, shFor} from './bash.js';
import {checkDownload} from './compat.js';
import {CopiedScripts} from './copied-scripts.js';
import {checkCopies} from './copies.js';
import {applyEdits, ConversionContext} from './context.js';
import {lintConverted} from './findings.js';
import type {PackageMappings} from './packages.js';
import {parseDockerfile} from './parse.js';
import {isForcedChanged, rewriteRun, convertExecBash, type BashNeed, type RunRewrite} from './run.js';
import {insertWordAfter} from './segments.js';
import {isChanged, isEmpty, render, tokenize} from './shell.js';
import {analyseStages, type Stage} from './stages.js';
import {Rule, type ConversionResult, type Finding, type Severity} from './types.js';

export type ConvertOptions = {
	/** Reads a file of the build context, relative to the Dockerfile's folder (for pip -r). */
	readContextFile?: (relativePath: string) => string | undefined;
	/** A team's own Debian → Alpine package names (`--mappings FILE`), checked before the table. */
	mappings?: PackageMappings;
	/**
	 * The build args compose passes (`build.args`): a FROM is resolved with them over the ARG
	 * defaults, as the build will be (the text written keeps its `${VAR}`s).
	 */
	buildArgs?: Record<string, string | undefined>;
};

/** Parse and convert. Throws DockerfileParseError when the Dockerfile does not parse. */
export function convertDockerfile(text: string, file: string, options: ConvertOptions = {}): ConversionResult {
	const parsed = parseDockerfile(text, file);
	const context = new ConversionContext(parsed, options.readContextFile, options.mappings);
	const stages = analyseStages(context, options.buildArgs);
	const converting = stages.map(() => false);
	stages.forEach((stage, i) => {
		converting[i] = stage.status === 'converted' || (stage.status === 'stage' && stage.parent !== undefined && converting[stage.parent]!);
	});
	const installsBash = stages.map(() => false);

	const packagesByStage: Array<Set<string>> = [];
	for (const stage of stages) {
		const parentPackages = stage.parent !== undefined ? packagesByStage[stage.parent] : undefined;
		context.stagePackages = new Set(parentPackages ?? []);
		context.stagePythonRenamed = false;
		packagesByStage.push(context.stagePackages);
		if (!converting[stage.index]) continue;
		checkAddUrls(context, stage);
		const rewrites = convertStage(context, stage, installsBash);
		mergeApkRuns(context, rewrites);
		renderRuns(context, rewrites);
	}
	checkCopies(context, stages, converting);

	const converted = applyEdits(text, context.edits);
	const lint = lintConverted(
		converted,
		file,
		new Set(stages.filter((_, i) => converting[i]).map(s => s.index)),
		stages.map(s => s.parent),
	);
	// The residue check speaks of the converted text: drop what the analysis already reported as an error.
	const reported = context.findings.filter(f => f.severity === 'error').map(f => f.message);
	const fresh = lint.filter(f => f.code !== Rule.debianResidue || !reported.some(m => m.startsWith(`${f.message.split(':')[0]}`) || m.includes(` ${f.message.split(':')[0]} `)));
	const findings = sortFindings([...context.findings, ...fresh]);
	return {
		file,
		original: text,
		converted,
		changed: converted !== text,
		stages: stages.map(({index, name, line, from, to, status}) => ({index, name, line, from, to, status})),
		changes: [...context.changes].sort((a, b) => a.line - b.line),
		findings,
		unknownPackages: context.unknownPackages,
		pins: context.pins,
		edits: context.edits,
	};
}

const ORDER: Record<Severity, number> = {error: 0, warning: 1, info: 2};

function sortFindings(findings: Finding[]): Finding[] {
	return findings.sort((a, b) => (a.in === b.in ? 0 : a.in === 'original' ? -1 : 1) || a.line - b.line || ORDER[a.severity] - ORDER[b.severity]);
}

export function hasErrors(result: ConversionResult): boolean {
	return result.findings.some(f => f.severity === 'error');
}

type ShellState = {instruction: Shell; needs: string[]};

function convertStage(context: ConversionContext, stage: Stage, installsBash: boolean[]): RunRewrite[] {
	const {index} = context.parsed;
	const rewrites: RunRewrite[] = [];
	/** Needs with the offset before which bash must be installed. */
	const needs: Array<BashNeed & {deadline: number}> = [];
	let shell: ShellState | undefined;
	const bashShells: ShellState[] = [];
	const stageEnd = Number.POSITIVE_INFINITY;
	const copied = new CopiedScripts(context.readContextFile, offset => index.line(offset));

	for (const instruction of stage.body) {
		const keyword = instruction.getKeyword();
		const start = index.offset(instruction.getRange().start);
		copied.visit(instruction, keyword, start);
		if (keyword === 'RUN') {
			const rewrite = rewriteRun(context, instruction as Run);
			rewrites.push(rewrite);
			for (const need of rewrite.bashNeeds) needs.push({...need, deadline: start});
			if (shell && rewrite.shellText !== undefined) {
				const features = bashFeatures(rewrite.shellText);
				if (features.length > 0) shell.needs.push(`RUN at line ${index.line(start)} uses ${features.join(', ')}`);
			}
			continue;
		}
		if (keyword === 'SHELL') {
			const json = (instruction as Shell).getJSONStrings();
			shell = json[0] && isBash(json[0].getJSONValue()) ? {instruction: instruction as Shell, needs: []} : undefined;
			if (shell) bashShells.push(shell);
			continue;
		}
		if (keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'HEALTHCHECK') {
			convertCommandInstruction(context, instruction, keyword, shell, needs, stageEnd);
		}
	}

	// A bash script copied in is installed with bash before the COPY (a RUN after it may run it).
	for (const script of copied.found) needs.push({...script, deadline: script.offset});
	for (const bashShell of bashShells) {
		const json = bashShell.instruction.getJSONStrings();
		const first = json[0]!;
		const start = index.offset(first.getRange().start);
		if (bashShell.needs.length > 0) {
			needs.push({offset: start, reason: bashShell.needs.join('; '), deadline: index.offset(bashShell.instruction.getRange().start)});
			continue;
		}
		context.edit(start, index.offset(first.getRange().end), JSON.stringify(shFor(first.getJSONValue())));
		context.change('shell', start, `SHELL ${first.getJSONValue()} → ${shFor(first.getJSONValue())} (no RUN under it needs bash)`);
	}

	const inheritedBash = stage.parent !== undefined && installsBash[stage.parent];
	installsBash[stage.index] = inheritedBash || rewrites.some(r => r.apkAdds.some(a => a.packages.includes('bash')));
	if (needs.length > 0 && !installsBash[stage.index]) {
		installBash(context, stage, rewrites, needs);
		installsBash[stage.index] = true;
	}
	return rewrites;
}

function convertCommandInstruction(context: ConversionContext, instruction: Instruction, keyword: string, shell: ShellState | undefined, needs: Array<BashNeed & {deadline: number}>, deadline: number): void {
	const {index, text} = context.parsed;
	const collected: BashNeed[] = [];
	let json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
	if (keyword === 'HEALTHCHECK') {
		// HEALTHCHECK [options] CMD …: look at what follows CMD.
		const args = instruction.getArguments();
		const cmdAt = args.findIndex(a => a.getValue().toUpperCase() === 'CMD');
		if (cmdAt < 0) return;
		const after = index.offset(args[cmdAt]!.getRange().end);
		json = json.filter(j => index.offset(j.getRange().start) > after);
		if (json.length === 0) {
			checkShellForm(context, text, after, index.offset(instruction.getRange().end), keyword, shell, collected);
		}
	} else if (json.length === 0) {
		const args = instruction.getArguments();
		if (args.length > 0) checkShellForm(context, text, index.offset(args[0]!.getRange().start), index.offset(instruction.getRange().end), keyword, shell, collected);
	}
	if (json.length > 0 && isBash(json[0]!.getJSONValue())) convertExecBash(context, json, collected, keyword);
	const first = json[0];
	const interpreter = first ? /^(?:\/usr\/bin\/)?(python3\.\d+|pip3\.\d+)$/.exec(first.getJSONValue()) : null;
	if (first && interpreter && context.stagePythonRenamed) {
		const to = first.getJSONValue().replace(interpreter[1]!, interpreter[1]!.startsWith('pip') ? 'pip3' : 'python3');
		context.edit(index.offset(first.getRange().start), index.offset(first.getRange().end), JSON.stringify(to));
		context.change('interpreter', index.offset(first.getRange().start), `${keyword} ${first.getJSONValue()} → ${to} (Alpine's python3 replaced it)`);
	}
	for (const need of collected) needs.push({...need, deadline});
}

/** Shell-form CMD/ENTRYPOINT/HEALTHCHECK: `bash -c "…"` → `sh -c`, and bash features under a bash SHELL. */
function checkShellForm(context: ConversionContext, text: string, start: number, end: number, keyword: string, shell: ShellState | undefined, needs: BashNeed[]): void {
	const script = tokenize(text, start, end, 'joined', context.parsed.escapeChar);
	const source = text.slice(start, end);
	if (shell) {
		const features = bashFeatures(source);
		if (features.length > 0) shell.needs.push(`${keyword} at line ${context.lineOf(start)} uses ${features.join(', ')}`);
	}
	const words = script.tokens.filter(t => t.kind === 'word');
	const first = words[0];
	if (!first || !isBash(first.value)) return;
	const cAt = words.findIndex((w, k) => k > 0 && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w.value));
	const body = cAt > 0 ? words[cAt + 1]?.value : undefined;
	if (body === undefined) {
		needs.push({offset: first.start, reason: `${keyword} runs ${words[1]?.value ?? 'an interactive shell'} with bash`});
		context.find(Rule.bashScript, 'info', first.start, `${keyword} runs ${words[1]?.value ?? 'an interactive shell'} with ${first.value}: bash is installed for it; check whether sh would do`);
		return;
	}
	const features = bashFeatures(body);
	if (features.length > 0) {
		needs.push({offset: first.start, reason: `${keyword} script uses ${features.join(', ')}`});
		return;
	}
	context.edit(first.start, first.end, shFor(first.value));
	context.change('shell', first.start, `${keyword} ${first.value} -c → ${shFor(first.value)} -c (the script needs no bash features)`);
}

/** Add bash to the stage's first apk add that runs early enough, or a RUN right after FROM. */
function installBash(context: ConversionContext, stage: Stage, rewrites: RunRewrite[], needs: Array<BashNeed & {deadline: number}>): void {
	const {index} = context.parsed;
	const deadline = Math.min(...needs.map(n => n.deadline));
	const reasons = [...new Set(needs.map(n => n.reason))].join('; ');
	const firstOffset = Math.min(...needs.map(n => n.offset));
	for (const rewrite of rewrites) {
		if (index.offset(rewrite.instruction.getRange().start) >= deadline) break;
		const add = rewrite.apkAdds[0];
		if (!add) continue;
		appendPackages(add, ['bash']);
		context.change('packages', add.script.tokens[add.lastPackage]!.start, 'bash added to apk add');
		context.find(Rule.bashRequired, 'info', firstOffset, `bash kept and installed: ${reasons}`);
		return;
	}
	const fromEnd = index.endOfLine(index.offset(stage.instruction.getRange().end));
	const newline = context.parsed.text.slice(0, fromEnd).endsWith('\n') ? '' : '\n';
	context.edit(fromEnd, fromEnd, `${newline}RUN apk add --no-cache bash\n`);
	context.change('packages', fromEnd - 1, 'RUN apk add --no-cache bash inserted after FROM');
	context.find(Rule.bashRequired, 'info', firstOffset, `bash kept and installed: ${reasons}`);
}

function appendPackages(add: RunRewrite['apkAdds'][number], names: string[]): string[] {
	const added: string[] = [];
	for (const name of names) {
		if (add.packages.includes(name)) continue;
		const last = add.script.tokens[add.lastPackage]!;
		// The last package word may carry a command appended after it (`su-exec && ln -s …`).
		const joined = last.replacement?.indexOf(' && ') ?? -1;
		if (joined >= 0 && !last.deleted) {
			last.replacement = `${last.replacement!.slice(0, joined)} ${name}${last.replacement!.slice(joined)}`;
			add.packages.push(name);
			added.push(name);
			continue;
		}
		const gap = last.gap.includes('\n') ? last.gap : ' ';
		insertWordAfter(add.script, add.lastPackage, name, gap);
		add.lastPackage++;
		add.packages.push(name);
		added.push(name);
	}
	return added;
}

const hasFlags = (instruction: Instruction) => (instruction as Run).getFlags().length > 0;

/** Two adjacent RUNs that were each only an apt install become one apk add layer. */
function mergeApkRuns(context: ConversionContext, rewrites: RunRewrite[]): void {
	const {index} = context.parsed;
	for (let i = 0; i < rewrites.length; i++) {
		const target = rewrites[i]!;
		if (!target.pureApk || hasFlags(target.instruction)) continue;
		let endLine = target.instruction.getRange().end.line;
		for (let j = i + 1; j < rewrites.length; j++) {
			const next = rewrites[j]!;
			if (!next.pureApk || hasFlags(next.instruction)) break;
			if (next.instruction.getRange().start.line !== endLine + 1) break;
			const added = appendPackages(target.pureApk, next.pureApk.packages);
			const start = index.offset(next.instruction.getRange().start);
			context.edit(start, index.endOfLine(index.offset(next.instruction.getRange().end)), '');
			context.change('merge', start, `apk add merged into the RUN at line ${target.instruction.getRange().start.line + 1}${added.length ? ` (+ ${added.join(' ')})` : ''}: one layer`);
			(next as {merged?: boolean}).merged = true;
			endLine = next.instruction.getRange().end.line;
			i = j;
		}
	}
}

function renderRuns(context: ConversionContext, rewrites: RunRewrite[]): void {
	const {index} = context.parsed;
	for (const rewrite of rewrites) {
		if ((rewrite as {merged?: boolean}).merged) continue;
		const heredocs = rewrite.scripts.length > 1;
		if (!heredocs && rewrite.scripts.length === 1 && isEmpty(rewrite.scripts[0]!) && isChanged(rewrite.scripts[0]!)) {
			const start = index.offset(rewrite.instruction.getRange().start);
			context.edit(index.startOfLine(start), index.endOfLine(index.offset(rewrite.instruction.getRange().end)), '');
			continue;
		}
		for (const script of rewrite.scripts) {
			if (!isChanged(script) && !isForcedChanged(script)) continue;
			context.edit(script.start, script.end, render(script));
		}
	}
}

function checkAddUrls(context: ConversionContext, stage: Stage): void {
	for (const instruction of stage.body) {
		if (instruction.getKeyword() !== 'ADD') continue;
		for (const arg of instruction.getArguments()) checkDownload(context, arg.getValue(), context.parsed.index.offset(arg.getRange().start));
	}
}
