/**
 * Files crossing stages with `COPY --from`: a binary built against one C library does not start
 * against the other. Followed across stages, in both directions:
 * - from a stage that stays on glibc (or an external Debian-based image) into a stage that now runs
 *   on musl: an error, unless the source is built statically or the files are plainly data;
 *   an external official image is rewritten to its Alpine tag;
 * - from a stage now built on musl into scratch or a glibc distroless image: the binary must be
 *   static.
 */
import type {Instruction} from 'dockerfile-ast';
import {mapBaseImage} from './base-images.js';
import type {ConversionContext} from './context.js';
import type {Stage} from './stages.js';
import {Rule} from './types.js';

export type Libc = 'musl' | 'glibc' | 'none' | 'unknown';

type Flag = {getName(): string; getValue(): string | null; getValueRange(): {start: {line: number; character: number}; end: {line: number; character: number}} | null};

const STATIC_BUILD = /CGO_ENABLED=0|-static\b|crt-static|--target[= ]\S*musl|-linux-musl|extldflags\S*-static/;

/** Copied paths that are data, not machine code (a dynamic library or executable cannot hide in them). */
const DATA_PATH = /\.(?:jar|war|ear|js|mjs|cjs|css|html?|json|ya?ml|toml|txt|md|conf|cfg|ini|xml|properties|py|rb|php|pl|sh|png|jpe?g|gif|svg|ico|woff2?|ttf|otf|map|csv|sql|pem|crt|key|lock)$|(?:^|\/)(?:dist|public|static|assets|www|html|site|docs|templates|migrations|locale|i18n)\/?$|^\/usr\/share\//;

/** Each stage's C library after conversion. */
export function stageLibcs(stages: Stage[], converting: boolean[]): Libc[] {
	const libc: Libc[] = [];
	for (const stage of stages) {
		if (converting[stage.index] || stage.status === 'alpine') libc.push('musl');
		else if (stage.status === 'scratch') libc.push('none');
		else if (stage.status === 'stage' && stage.parent !== undefined) libc.push(libc[stage.parent]!);
		else if (stage.status === 'distroless' || isGlibcImage(stage.to)) libc.push('glibc');
		else libc.push('unknown');
	}
	return libc;
}

const GLIBC_NAMES = /(?:^|\/)(?:debian|ubuntu|buildpack-deps)(?::|$)|[:-](?:buster|bullseye|bookworm|trixie|stretch|jammy|focal|noble|bionic)(?:-|$)/;

/** An image that is glibc for certain: Debian/Ubuntu-based, or glibc by nature. */
function isGlibcImage(image: string): boolean {
	const mapping = mapBaseImage(image);
	return GLIBC_NAMES.test(image) || (mapping.kind === 'unknown' && mapping.glibcByNature === true);
}

function copyFrom(instruction: Instruction): Flag | undefined {
	if (instruction.getKeyword() !== 'COPY') return undefined;
	return (instruction as unknown as {getFlags(): Flag[]}).getFlags().find(f => f.getName() === 'from');
}

function sources(instruction: Instruction): string[] {
	const args = instruction.getArguments().map(a => a.getValue());
	return args.slice(0, -1);
}

export function checkCopies(context: ConversionContext, stages: Stage[], converting: boolean[]): void {
	const {index, text} = context.parsed;
	const libc = stageLibcs(stages, converting);
	const byName = new Map<string, Stage>();
	for (const stage of stages) if (stage.name) byName.set(stage.name.toLowerCase(), stage);
	const stageText = (stage: Stage) => stage.body.map(b => text.slice(index.offset(b.getRange().start), index.offset(b.getRange().end))).join('\n');

	for (const stage of stages) {
		const target = libc[stage.index]!;
		for (const instruction of stage.body) {
			const flag = copyFrom(instruction);
			const from = flag?.getValue();
			if (!flag || !from) continue;
			const offset = index.offset(instruction.getRange().start);
			const source = byName.get(from.toLowerCase()) ?? (/^\d+$/.test(from) ? stages[Number(from)] : undefined);
			if (!source && from.includes('$')) continue;
			if (!source) {
				if (target === 'musl') externalImage(context, flag, from, sources(instruction), offset);
				continue;
			}
			const from_ = libc[source.index]!;
			const paths = sources(instruction);
			const staticBuild = STATIC_BUILD.test(stageText(source));
			if (target === 'musl' && (from_ === 'glibc' || from_ === 'unknown')) {
				if (staticBuild || paths.every(p => DATA_PATH.test(p))) continue;
				const severity = from_ === 'glibc' ? 'error' : 'warning';
				context.find(Rule.stageCopyFromGlibc, severity, offset, `copies ${paths.join(' ')} from stage ${from} (${source.to}, ${from_ === 'glibc' ? 'glibc' : 'not Alpine'}) into a stage that runs on musl: a dynamically linked glibc binary or library will not start there ("not found"). Build it in an Alpine stage, build it statically (Go: CGO_ENABLED=0; Rust: --target x86_64-unknown-linux-musl; C: -static), or keep both stages on the same C library`);
				continue;
			}
			if ((stage.status === 'scratch' || stage.status === 'distroless') && converting[source.index]) {
				const staticOnly = stage.status === 'scratch' || /distroless\/static/.test(stage.from);
				if (staticBuild || paths.every(p => DATA_PATH.test(p))) continue;
				context.find(
					Rule.stageCopyToGlibc,
					'warning',
					offset,
					staticOnly
						? `copies from stage ${from}, now built on musl, into ${stage.from}: the binary must be statically linked (Go: CGO_ENABLED=0; C: -static)`
						: `copies from stage ${from}, now built on musl, into ${stage.from}, a glibc image: dynamically linked musl binaries will not start there; build statically or use an Alpine final stage`,
				);
			}
		}
	}
}

/** `COPY --from=node:20 …` into a musl stage: the official image's Alpine tag has the same files built for musl. */
function externalImage(context: ConversionContext, flag: Flag, image: string, paths: string[], offset: number): void {
	const mapping = mapBaseImage(image);
	const range = flag.getValueRange();
	if (mapping.kind === 'mapped' && range) {
		const {index} = context.parsed;
		context.edit(index.offset(range.start), index.offset(range.end), mapping.image);
		context.change('copy-from', offset, `COPY --from=${image} → --from=${mapping.image} (the files are copied into a musl stage)`, `--from=${image}`, `--from=${mapping.image}`);
		return;
	}
	if (mapping.kind === 'unknown' && mapping.glibcByNature) {
		context.find(Rule.stageCopyFromGlibc, 'error', offset, `copies ${paths.join(' ')} from ${image}, a glibc image, into a stage that runs on musl: its binaries will not start there`);
		return;
	}
	if (mapping.kind === 'unknown' && !paths.every(p => DATA_PATH.test(p))) {
		context.find(Rule.stageCopyFromGlibc, 'warning', offset, `copies ${paths.join(' ')} from ${image}, whose C library alpinist does not know, into a stage that runs on musl: check that the files are static or musl builds`);
	}
}
