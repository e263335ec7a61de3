/**
 * Best-practice checks on the converted Dockerfile, in hadolint's terms where hadolint has a rule
 * (DL3018, DL3019, DL3057) and the migration guide's otherwise (one apk layer, multi-stage builds).
 */
import type {Instruction} from 'dockerfile-ast';
import {isBuildDependency} from './packages.js';
import {parseDockerfile} from './parse.js';
import {commandIndex, segments} from './segments.js';
import {tokenize} from './shell.js';
import {Rule, type Finding} from './types.js';

type ApkAddUse = {line: number; packages: string[]; noCache: boolean; deletesVirtual: boolean};

function apkAdds(text: string, run: Instruction, index: {offset(p: {line: number; character: number}): number}, escapeChar: string): ApkAddUse[] {
	const args = run.getArguments();
	if (args.length === 0) return [];
	const start = index.offset(args[0]!.getRange().start);
	const end = index.offset(run.getRange().end);
	const script = tokenize(text, start, end, 'joined', escapeChar);
	const whole = script.tokens.map(t => t.value).join(' ');
	const cleansCache = /\/var\/cache\/apk/.test(whole);
	const result: ApkAddUse[] = [];
	for (const segment of segments(script)) {
		const c = commandIndex(script, segment);
		if (c < 0) continue;
		const ws = segment.tokens.slice(c).map(i => script.tokens[i]!).filter(t => t.kind === 'word');
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
			line: run.getRange().start.line + 1,
			packages,
			noCache: options.some(o => o.value === '--no-cache') || cleansCache,
			deletesVirtual: options.some(o => o.value === '--virtual' || o.value === '-t') && /apk del/.test(whole),
		});
	}
	return result;
}

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
	let finalFromLine = 1;
	let hasHealthcheck = false;
	const healthchecks: Array<{stage: number; line: number; text: string}> = [];
	for (const instruction of parsed.instructions) {
		const keyword = instruction.getKeyword();
		if (keyword === 'FROM') {
			stage++;
			stageApkRuns = [];
			stageInstalls = [];
			installsByStage.push(stageInstalls);
			finalFromLine = instruction.getRange().start.line + 1;
			continue;
		}
		if (keyword === 'HEALTHCHECK') {
			hasHealthcheck = true;
			healthchecks.push({stage, line: instruction.getRange().start.line + 1, text: instruction.getRawArgumentsContent() ?? ''});
		}
		if (keyword !== 'RUN' || (instruction as unknown as {getJSONStrings(): unknown[]}).getJSONStrings().length > 0) continue;
		for (const use of apkAdds(text, instruction, parsed.index, parsed.escapeChar)) {
			stageInstalls.push(...use.packages);
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
	const inherited = (stageIndex: number): string[] => {
		const chain: string[][] = [];
		for (let at: number | undefined = stageIndex; at !== undefined; ) {
			chain.unshift(installsByStage[at] ?? []);
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
	for (const hc of healthchecks) {
		if (!convertedStages.has(hc.stage) || !/\bcurl\b/.test(hc.text)) continue;
		if (!inherited(hc.stage).includes('curl')) {
			add(Rule.curlMissing, 'warning', hc.line, 'HEALTHCHECK uses curl, which Alpine images do not ship: apk add curl, or probe with busybox wget -q -O /dev/null');
		}
	}
	return findings;
}
