import path from 'node:path';
import type {Instruction, JSONInstruction} from 'dockerfile-ast';
import {bashShebang} from './bash.js';

/**
 * Scripts a stage copies from the build context that start with a bash shebang: on Alpine, with no
 * bash, such an entrypoint fails with "exec /entrypoint.sh: no such file or directory" (the
 * interpreter the kernel looks for is missing). Found two ways: a file copied by name
 * (`COPY entrypoint.sh /`), and the program of an exec-form ENTRYPOINT or CMD that a directory copy
 * brought in (`COPY . /app` + `ENTRYPOINT ["./start.sh"]` under `WORKDIR /app`).
 */

type Copy = {sources: string[]; dest: string};

const isPattern = (source: string) => /[*?[]/.test(source) || source.includes('://') || source.startsWith('$');

export class CopiedScripts {
	private workdir = '/';
	private readonly copies: Copy[] = [];
	/** Each bash script found, with why. */
	readonly found: Array<{offset: number; reason: string}> = [];

	constructor(
		private readonly read: ((relativePath: string) => string | undefined) | undefined,
		private readonly lineOf: (offset: number) => number,
	) {}

	private isBashScript(relative: string): boolean {
		// The shebang test is anchored at the start of the text: its first line.
		const text = this.read?.(relative);
		return text !== undefined && bashShebang(text);
	}

	private words(instruction: Instruction): string[] {
		const json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
		return json.length > 0 ? json.map(word => word.getJSONValue()) : instruction.getArguments().map(argument => argument.getValue());
	}

	/** Follows WORKDIR, COPY and ADD (not --from: those files come from another stage or image), ENTRYPOINT and CMD. */
	visit(instruction: Instruction, keyword: string, offset: number): void {
		if (!this.read) return;
		if (keyword === 'WORKDIR') {
			const [dir] = this.words(instruction);
			if (dir && !dir.includes('$')) this.workdir = path.posix.resolve(this.workdir, dir);
			return;
		}

		if (keyword === 'COPY' || keyword === 'ADD') {
			const flags = (instruction as unknown as {getFlags?(): Array<{getName(): string}>}).getFlags?.() ?? [];
			if (flags.some(flag => flag.getName() === 'from')) return;
			const words = this.words(instruction);
			if (words.length < 2) return;
			const sources = words.slice(0, -1);
			const dest = path.posix.resolve(this.workdir, words.at(-1)!);
			this.copies.push({sources, dest: words.at(-1)!.endsWith('/') ? `${dest}/` : dest});
			for (const source of sources) {
				if (isPattern(source) || source === '.' || source.endsWith('/')) continue;
				if (this.isBashScript(source)) this.found.push({offset, reason: `${source} (copied at line ${this.lineOf(offset)}) starts with a bash shebang`});
			}

			return;
		}

		if (keyword === 'ENTRYPOINT' || keyword === 'CMD') {
			const json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
			const program = json[0]?.getJSONValue();
			if (!program || !(program.startsWith('/') || program.startsWith('./'))) return;
			const target = path.posix.resolve(this.workdir, program);
			const relative = this.fromDirectoryCopy(target);
			if (relative !== undefined && this.isBashScript(relative)) this.found.push({offset, reason: `${program} (${keyword} at line ${this.lineOf(offset)}, from the build context's ${relative}) starts with a bash shebang`});
		}
	}

	/** The context path of `target` when the latest copy that could have put it there copied a directory. */
	private fromDirectoryCopy(target: string): string | undefined {
		for (const copy of [...this.copies].reverse()) {
			const dir = copy.dest.replace(/\/$/, '') || '/';
			if (target !== dir && !target.startsWith(dir === '/' ? '/' : `${dir}/`)) continue;
			// One source that names a folder (`.`, `docker/`, `app`): the file is under it.
			const [source] = copy.sources;
			if (copy.sources.length !== 1 || !(source === '.' || source!.endsWith('/') || !path.posix.extname(source!))) return undefined;
			return path.posix.join(source!, target.slice(dir === '/' ? 1 : dir.length + 1));
		}

		return undefined;
	}
}
