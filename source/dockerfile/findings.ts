/**
 * Best-practice checks on the converted Dockerfile, in hadolint's terms where hadolint has a rule
 * (DL3018, DL3019, DL3057) and the migration guide's otherwise (one apk layer, multi-stage builds).
 */
import type {Instruction} from 'dockerfile-ast';
import {isBuildDependency} from './packages.js';
import {parseDockerfile} from './parse.js';
import {commandIndex, segments} from './segments.js';
import {tokenize, type Script} from './shell.js';
import {residue} from './debian-only.js';
import {Rule, type Finding} from './types.js';

type ApkAddUse = {line: number; packages: string[]; noCache: boolean; deletesVirtual: boolean};

type HeredocLike = {getContentRange(): {start: {line: number; character: number}; end: {line: number; character: number}} | null};

/** The scripts a shell-form RUN runs: its command line, and each heredoc body as a script of its own. */
function runScripts(text: string, run: Instruction, index: {offset(p: {line: number; character: number}): number}, escapeChar: string): Script[] {
	const args = run.getArguments();
	if (args.length === 0) return [];
	const start = index.offset(args[0]!.getRange().start);
	const end = index.offset(run.getRange().end);
	const heredocs = (run as unknown as {getHeredocs(): HeredocLike[]}).getHeredocs();
	if (heredocs.length === 0) return [tokenize(text, start, end, 'joined', escapeChar)];
	const first = heredocs[0]!.getContentRange();
	const commandEnd = first ? index.offset(first.start) - 1 : text.indexOf('\n', start);
	const scripts = [tokenize(text, start, Math.max(start, commandEnd), 'joined', escapeChar)];
	for (const heredoc of heredocs) {
		const range = heredoc.getContentRange();
		if (range) scripts.push(tokenize(text, index.offset(range.start), index.offset(range.end), 'script'));
	}
	return scripts;
}

function apkAdds(scripts: Script[], line: number): ApkAddUse[] {
	const whole = scripts.flatMap(s => s.tokens.map(t => t.value)).join(' ');
	const cleansCache = /\/var\/cache\/apk/.test(whole);
	const result: ApkAddUse[] = [];
	for (const script of scripts) {
		for (const segment of segments(script)) {
			const c = commandIndex(script, segment);
			if (c < 0) continue;
			const ws = segment.tokens.slice(c).map(i => script.tokens[i]!).filter(t => t.kind === 'word' && !t.value.startsWith('<<'));
			if (ws[0]?.value !== 'apk' || ws[1]?.value !== 'add') continue;
			const options = ws.slice(2).filter(w => w.value.startsWith('-'));
			const packages: string[] = [];
			for (let k = 2; k < ws.length; k++) {
				const v = ws[k]!.value;
				if (v.startsWith('-')) {
					if (['-t', '--virtual', '-X', '--repository', '--root', '-p'].includes(v)) k++;
					continue;
				}
				packages.push(v);
			}
			result.push({
				line,
				packages,
				noCache: options.some(o => o.value === '--no-cache') || cleansCache,
				deletesVirtual: options.some(o => o.value === '--virtual' || o.value === '-t') && /apk del/.test(whole),
			});
		}
	}
	return result;
}

/** The words a script runs, comments left out (the tokenizer drops them), for the residue check. */
const scriptText = (script: Script) => script.tokens.map(t => (t.kind === 'separator' ? ` ${t.value} ` : t.value)).join(' ');

/** Lint the converted text. `convertedStages` says which stages (by index) alpinist converted. */
export function lintConverted(text: string, file: string, convertedStages: Set<number>, parents: Array<number | undefined> = []): Finding[] {
	const parsed = parseDockerfile(text, file);
	const findings: Finding[] = [];
	const add = (code: Finding['code'], severity: Finding['severity'], line: number, message: string) =>
		findings.push({code, severity, line, in: 'converted', message});
	let stage = -1;
	let stageApkRuns: number[] = [];
	let stageInstalls: string[] = [];
	const installsByStage: string[][] = [];
	/** Including virtual groups deleted in the same RUN (there during that RUN, gone after). */
	const allInstallsByStage: string[][] = [];
	let finalFromLine = 1;
	let hasHealthcheck = false;
	const healthchecks: Array<{stage: number; line: number; text: string}> = [];
	const residues: Array<{stage: number; line: number; text: string}> = [];
	for (const instruction of parsed.instructions) {
		const keyword = instruction.getKeyword();
		if (keyword === 'FROM') {
			stage++;
			stageApkRuns = [];
			stageInstalls = [];
			installsByStage.push(stageInstalls);
			allInstallsByStage.push([]);
			finalFromLine = instruction.getRange().start.line + 1;
			continue;
		}
		if (keyword === 'HEALTHCHECK') {
			hasHealthcheck = true;
			healthchecks.push({stage, line: instruction.getRange().start.line + 1, text: instruction.getRawArgumentsContent() ?? ''});
		}
		if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && convertedStages.has(stage)) {
			residues.push({stage, line: instruction.getRange().start.line + 1, text: instruction.getRawArgumentsContent() ?? ''});
		}
		if (keyword !== 'RUN' || (instruction as unknown as {getJSONStrings(): unknown[]}).getJSONStrings().length > 0) continue;
		const scripts = runScripts(text, instruction, parsed.index, parsed.escapeChar);
		if (convertedStages.has(stage)) residues.push({stage, line: instruction.getRange().start.line + 1, text: scripts.map(scriptText).join(' ; ')});
		for (const use of apkAdds(scripts, instruction.getRange().start.line + 1)) {
			if (!use.deletesVirtual) stageInstalls.push(...use.packages);
			allInstallsByStage.at(-1)!.push(...use.packages);
			const unpinned = use.packages.filter(p => !p.includes('=') && !p.startsWith('.'));
			if (unpinned.length > 0) {
				add(Rule.pinApk, 'warning', use.line, `Pin versions in apk add (${unpinned.join(', ')}), e.g. ${unpinned[0]}=<version>, or accept the release's latest`);
			}
			if (!use.noCache) add(Rule.apkNoCache, 'info', use.line, 'Use the --no-cache switch to avoid the need to use --update and remove /var/cache/apk/*');
			if (stageApkRuns.at(-1) !== use.line) stageApkRuns.push(use.line);
		}
		if (stageApkRuns.length > 1 && stageApkRuns.at(-1) === instruction.getRange().start.line + 1 && convertedStages.has(stage)) {
			add(Rule.apkLayers, 'info', stageApkRuns.at(-1)!, `apk add also runs at line ${stageApkRuns[0]}: install system packages in a single RUN layer`);
		}
	}
	if (!hasHealthcheck) add(Rule.healthcheckMissing, 'info', finalFromLine, 'HEALTHCHECK instruction missing');

	// What a stage has installed, including what the stages it builds on installed.
	const inherited = (stageIndex: number, from = installsByStage): string[] => {
		const chain: string[][] = [];
		for (let at: number | undefined = stageIndex; at !== undefined; ) {
			chain.unshift(from[at] ?? []);
			const parent: number | undefined = parents[at];
			at = parent !== undefined && parent < at ? parent : undefined;
		}
		return chain.flat();
	};
	const last = installsByStage.length - 1;
	const finalBuildDeps = [...new Set(inherited(last).filter(isBuildDependency))];
	if (finalBuildDeps.length > 0 && convertedStages.has(last)) {
		add(
			Rule.buildDepsInFinal,
			'info',
			finalFromLine,
			`build dependencies in the final image (${finalBuildDeps.join(', ')}): build in an earlier stage and copy the result, or apk add --virtual .build-deps … && apk del .build-deps in the same RUN`,
		);
	}
	for (const r of residues) {
		const installed = new Set(inherited(r.stage, allInstallsByStage));
		const seen = new Set<string>();
		for (const found of residue(r.text, installed)) {
			if (seen.has(found.command)) continue;
			seen.add(found.command);
			add(Rule.debianResidue, 'error', r.line, found.kind === 'tool' ? `${found.command}: not on Alpine, and left in a stage that now runs on Alpine: ${found.fix}` : `${found.command}: Debian package setup in a stage that now runs on Alpine: ${found.fix}`);
		}
	}
	for (const hc of healthchecks) {
		if (!convertedStages.has(hc.stage) || !/\bcurl\b/.test(hc.text)) continue;
		if (!inherited(hc.stage).includes('curl')) {
			add(Rule.curlMissing, 'warning', hc.line, 'HEALTHCHECK uses curl, which Alpine images do not ship: apk add curl, or probe with busybox wget -q -O /dev/null');
		}
	}
	return findings;
}
