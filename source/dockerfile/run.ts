import type {Instruction, Run} from 'dockerfile-ast';
import {convertApt, convertRm, words, type ApkAdd} from './apt.js';
import {convertAssignment, convertDebianOnly} from './debian-only.js';
import {bashFeatures, bashShebang, isBash, shFor} from './bash.js';
import {checkDownload, checkPipInstall} from './compat.js';
import {checkNodeInstall} from './node-modules.js';
import type {ConversionContext} from './context.js';
import {commandIndex, segments, type Segment} from './segments.js';
import {tokenize, type Script} from './shell.js';
import {Rule} from './types.js';
import {convertUserCommand} from './users.js';

export type BashNeed = {offset: number; reason: string};

export type RunRewrite = {
	instruction: Instruction;
	scripts: Script[];
	/** The apk add commands it holds after conversion. */
	apkAdds: ApkAdd[];
	/** Set when the RUN is a single `apk add` converted from apt and nothing else. */
	pureApk?: ApkAdd;
	/** The RUN was shell form without heredocs: its text is what /bin/sh -c (or SHELL) runs. */
	shellText?: string;
	bashNeeds: BashNeed[];
};

type HeredocLike = {getName(): string; getContentRange(): {start: {line: number; character: number}; end: {line: number; character: number}} | null; getStartRange(): {start: {line: number; character: number}}};

/** Rewrite one RUN of a stage that runs on Alpine. */
export function rewriteRun(context: ConversionContext, run: Run): RunRewrite {
	const {parsed} = context;
	const {index, text} = parsed;
	const result: RunRewrite = {instruction: run, scripts: [], apkAdds: [], bashNeeds: []};
	const start = index.offset(run.getRange().start);

	for (const flag of run.getFlags()) {
		if (/\/var\/(?:cache|lib)\/apt/.test(flag.getValue() ?? '')) {
			context.find(Rule.aptCacheMount, 'info', start, `RUN --${flag.getName()}=${flag.getValue()}: an apt cache mount is useless with apk add --no-cache; remove it`);
		}
	}

	const json = run.getJSONStrings();
	if (json.length > 0) {
		const first = json[0]!.getJSONValue();
		if (/(?:^|\/)apt(?:-get)?$/.test(first)) {
			context.find(Rule.aptUnconvertible, 'error', start, `exec-form RUN ["${first}", …] is not converted; rewrite it as RUN apk add --no-cache …`);
		} else if (isBash(first)) {
			convertExecBash(context, json, result.bashNeeds, 'RUN');
		}
		return result;
	}

	const args = run.getArguments();
	if (args.length === 0) return result;
	const argsStart = index.offset(args[0]!.getRange().start);
	const heredocs = run.getHeredocs() as unknown as HeredocLike[];
	const end = index.offset(run.getRange().end);

	if (heredocs.length === 0) {
		const script = tokenize(text, argsStart, end, 'joined', parsed.escapeChar);
		result.shellText = text.slice(argsStart, end);
		convertScript(context, script, result);
		result.scripts.push(script);
	} else {
		const firstBody = heredocs[0]!.getContentRange();
		const commandEnd = firstBody ? index.offset(firstBody.start) - 1 : index.endOfLine(argsStart) - 1;
		const command = tokenize(text, argsStart, Math.max(argsStart, commandEnd), 'joined', parsed.escapeChar);
		const plainWords = command.tokens.filter(t => t.kind === 'word' && !t.value.startsWith('<<'));
		const shellWord = plainWords[0];
		const feedsShell = plainWords.length === 0 || (shellWord !== undefined && (isBash(shellWord.value) || /^(?:\/bin\/)?(?:sh|ash|dash)$/.test(shellWord.value)));
		convertScript(context, command, result);
		result.scripts.push(command);
		for (const heredoc of heredocs) {
			const range = heredoc.getContentRange();
			if (!range || !feedsShell) continue;
			const bodyStart = index.offset(range.start);
			const bodyEnd = index.offset(range.end);
			const body = tokenize(text, bodyStart, bodyEnd, 'script');
			const bodyText = text.slice(bodyStart, bodyEnd);
			const features = bashFeatures(bodyText);
			const firstLine = bodyText.split('\n')[0] ?? '';
			if (bashShebang(firstLine)) {
				if (features.length === 0) {
					// The shebang sits in a comment gap: rewrite it there.
					const first = body.tokens[0];
					if (first) first.gap = first.gap.replace(firstLine, '#!/bin/sh');
					else body.trailing = body.trailing.replace(firstLine, '#!/bin/sh');
					markChanged(body);
					context.change('shell', bodyStart, `heredoc shebang ${firstLine} → #!/bin/sh`);
				} else {
					result.bashNeeds.push({offset: bodyStart, reason: `heredoc script uses ${features.join(', ')}`});
				}
			}
			if (shellWord && isBash(shellWord.value)) {
				if (features.length === 0) {
					shellWord.replacement = shFor(shellWord.value);
					context.change('shell', shellWord.start, `RUN ${shellWord.value} <<${heredoc.getName()} → ${shFor(shellWord.value)} (the script needs no bash features)`);
				} else {
					result.bashNeeds.push({offset: shellWord.start, reason: `heredoc script uses ${features.join(', ')}`});
				}
			}
			convertScript(context, body, result);
			result.scripts.push(body);
		}
	}

	const live = result.scripts.flatMap(s => segments(s).filter(seg => seg.tokens.some(i => !s.tokens[i]!.deleted)));
	if (heredocs.length === 0 && live.length === 1 && result.apkAdds.length === 1) result.pureApk = result.apkAdds[0];
	return result;
}

/** Mark a script as edited even though no token changed (a gap was rewritten). */
function markChanged(script: Script): void {
	(script as Script & {forceChanged?: boolean}).forceChanged = true;
}

export function isForcedChanged(script: Script): boolean {
	return (script as Script & {forceChanged?: boolean}).forceChanged === true;
}

function convertScript(context: ConversionContext, script: Script, result: RunRewrite): void {
	for (const token of script.tokens) {
		if (token.kind === 'word') {
			for (const url of token.value.match(/https?:\/\/[^\s'"`)]+/g) ?? []) checkDownload(context, url, token.start);
		}
	}
	for (const segment of segments(script)) {
		const c = commandIndex(script, segment);
		if (c < 0) {
			convertAssignment(context, script, segment);
			continue;
		}
		const commandToken = script.tokens[segment.tokens[c]!]!;
		if (commandToken.deleted) continue;
		const command = commandToken.value;
		const name = command.replace(/^\/usr\/(?:local\/)?s?bin\/|^\/s?bin\//, '');
		if (name === 'apt-get' || name === 'apt') {
			const add = convertApt(context, script, segment, c, new Set(), result.apkAdds);
			if (add) {
				result.apkAdds.push(add);
				for (const p of add.packages) context.stagePackages.add(p);
			}
			continue;
		}
		if (/^python3\.\d+$|^pip3\.\d+$/.test(name) && context.stagePythonRenamed) {
			const to = name.startsWith('pip') ? 'pip3' : 'python3';
			commandToken.replacement = command.replace(name, to);
			context.change('interpreter', commandToken.start, `${command} → ${commandToken.replacement} (Alpine's python3 replaced ${name.replace(/^pip/, 'python')})`);
		}
		if (name === 'rm') {
			convertRm(context, script, segment, c);
			continue;
		}
		if (['useradd', 'groupadd', 'adduser', 'addgroup', 'usermod', 'userdel', 'groupdel'].includes(name)) {
			convertUser(context, script, segment, c);
			continue;
		}
		if (isBash(command)) {
			convertBashCommand(context, script, segment, c, result);
			continue;
		}
		if (/^pip3?$|^pip3\.\d+$/.test(name) || (/^python(?:3(?:\.\d+)?)?$/.test(name) && script.tokens[segment.tokens[c + 1] ?? -1]?.value === '-m' && /^pip3?$/.test(script.tokens[segment.tokens[c + 2] ?? -1]?.value ?? ''))) {
			const ws = words(script, segment, c);
			const installAt = ws.findIndex(w => w.token.value === 'install');
			if (installAt > 0) checkPipInstall(context, ws.slice(installAt + 1).map(w => ({value: w.token.value, start: w.token.start})));
			continue;
		}
		if (name === 'npm' || name === 'yarn' || name === 'pnpm') {
			const ws = words(script, segment, c);
			checkNodeInstall(context, name, ws.slice(1).map(w => ({value: w.token.value, start: w.token.start})), commandToken.start);
		}

		convertDebianOnly(context, script, segment, c);
	}
}

function convertUser(context: ConversionContext, script: Script, segment: Segment, c: number): void {
	const ws = words(script, segment, c);
	const converted = convertUserCommand(ws.map(w => ({text: w.token.text, value: w.token.value})));
	if (!converted) return;
	const first = ws[0]!.token;
	const before = ws.map(w => w.token.value).join(' ');
	first.replacement = converted.text;
	for (const w of ws.slice(1)) w.token.deleted = true;
	context.change('user', first.start, `${before} → ${converted.text}`);
	for (const note of converted.notes) context.find(Rule.userOption, 'info', first.start, `${ws[0]!.token.value}: ${note}`);
	for (const option of converted.unsupported) {
		context.find(Rule.userOption, 'error', first.start, `${ws[0]!.token.value} option ${option} has no busybox equivalent and was dropped; check the user setup`);
	}
}

function convertBashCommand(context: ConversionContext, script: Script, segment: Segment, c: number, result: RunRewrite): void {
	const ws = words(script, segment, c);
	const bash = ws[0]!.token;
	let scriptArg: string | undefined;
	for (let k = 1; k < ws.length; k++) {
		const value = ws[k]!.token.value;
		if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(value)) {
			scriptArg = ws[k + 1]?.token.value;
			break;
		}
		if (value === '-o' || value === '+o') {
			k++;
			continue;
		}
		if (!value.startsWith('-') && !value.startsWith('+')) break;
	}
	if (segment.tokens.some(i => script.tokens[i]!.value.startsWith('<<') && script.tokens[i]!.value !== '<<<')) return; // decided with the heredoc body
	const pipedInto = segment.before >= 0 && script.tokens[segment.before]!.value === '|';
	if (scriptArg === undefined || pipedInto) {
		result.bashNeeds.push({offset: bash.start, reason: `${bash.value} runs ${pipedInto ? 'a piped script' : ws[1]?.token.value ?? 'a script'}, which may need bash`});
		context.find(Rule.bashScript, 'info', bash.start, `${bash.value} runs ${pipedInto ? 'a piped script' : ws[1]?.token.value ?? 'a script'}: bash is installed for it; check whether sh would do`);
		return;
	}
	const features = bashFeatures(scriptArg);
	if (features.length > 0) {
		result.bashNeeds.push({offset: bash.start, reason: `bash -c script uses ${features.join(', ')}`});
		return;
	}
	bash.replacement = shFor(bash.value);
	context.change('shell', bash.start, `${bash.value} -c → ${shFor(bash.value)} -c (the script needs no bash features)`);
}

/** `["bash", "-c", "…"]` (RUN/CMD/ENTRYPOINT exec form): bash → sh when the script allows it. */
export function convertExecBash(
	context: ConversionContext,
	json: Array<{getJSONValue(): string; getRange(): {start: {line: number; character: number}; end: {line: number; character: number}}}>,
	needs: BashNeed[],
	keyword: string,
): void {
	const {index} = context.parsed;
	const first = json[0]!;
	const value = first.getJSONValue();
	const start = index.offset(first.getRange().start);
	const end = index.offset(first.getRange().end);
	const cAt = json.findIndex((j, k) => k > 0 && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(j.getJSONValue()));
	if (cAt < 0 || !json[cAt + 1]) {
		needs.push({offset: start, reason: `${keyword} runs ${json[1]?.getJSONValue() ?? 'an interactive shell'} with bash`});
		context.find(Rule.bashScript, 'info', start, `${keyword} runs ${json[1]?.getJSONValue() ?? 'an interactive shell'} with ${value}: bash is installed for it; check whether sh would do`);
		return;
	}
	const features = bashFeatures(json[cAt + 1]!.getJSONValue());
	if (features.length > 0) {
		needs.push({offset: start, reason: `${keyword} script uses ${features.join(', ')}`});
		return;
	}
	context.edit(start, end, JSON.stringify(shFor(value)));
	context.change('shell', start, `${keyword} ${value} → ${shFor(value)} (the script needs no bash features)`);
}
