/**
 * What musl changes beyond package names: Python packages that need compiling on Alpine, and
 * prebuilt glibc binaries that will not start there.
 *
 * Wheel facts are approximate and version-dependent: pip only compiles when no musllinux wheel
 * (PEP 656) matches, so the messages say "may" unless the pinned version settles it.
 */
import type {ConversionContext} from './context.js';
import {Rule} from './types.js';

type WheelInfo = {
	/** First version known to publish musllinux wheels; absent when none are published. */
	since?: string;
	cost: string;
	buildDeps: string;
	alternative?: string;
	/** No musllinux wheel and no practical source build: an error whatever the stage installs. */
	impractical?: boolean;
};

const PIP: Record<string, WheelInfo> = {
	numpy: {since: '1.25', cost: 'a long C/Fortran build (many minutes)', buildDeps: 'build-base, openblas-dev'},
	pandas: {since: '2.1', cost: 'a long C build (10+ minutes)', buildDeps: 'build-base'},
	scipy: {since: '1.11', cost: 'a very long Fortran build', buildDeps: 'build-base, gfortran, openblas-dev'},
	grpcio: {since: '1.50', cost: 'a long C++ build (10–20 minutes)', buildDeps: 'build-base, linux-headers'},
	lxml: {since: '5.0', cost: 'a C build', buildDeps: 'build-base, libxml2-dev, libxslt-dev'},
	cryptography: {since: '35.0', cost: 'a Rust build', buildDeps: 'build-base, cargo, rust, openssl-dev, libffi-dev'},
	pillow: {since: '9.0', cost: 'a C build', buildDeps: 'build-base, jpeg-dev, zlib-dev'},
	bcrypt: {since: '4.0', cost: 'a Rust build', buildDeps: 'build-base, cargo, rust, libffi-dev'},
	greenlet: {since: '2.0', cost: 'a C build', buildDeps: 'build-base'},
	gevent: {since: '22.10', cost: 'a C build (several minutes)', buildDeps: 'build-base, libffi-dev'},
	orjson: {since: '3.6', cost: 'a Rust build', buildDeps: 'cargo, rust'},
	matplotlib: {since: '3.6', cost: 'a C++ build', buildDeps: 'build-base, freetype-dev, libpng-dev'},
	'confluent-kafka': {since: '2.3', cost: 'a C build against librdkafka', buildDeps: 'build-base, librdkafka-dev'},
	pyyaml: {since: '6.0.1', cost: 'no C speed-ups without libyaml (pure Python fallback)', buildDeps: 'build-base, yaml-dev'},
	psycopg2: {cost: 'a C build on every platform (sdist only)', buildDeps: 'build-base, libpq-dev|postgresql16-dev', alternative: 'psycopg2-binary or psycopg[binary], which publish musllinux wheels'},
	mysqlclient: {cost: 'a C build on every platform (sdist only)', buildDeps: 'build-base, mariadb-dev'},
	uwsgi: {cost: 'a C build (sdist only)', buildDeps: 'build-base, linux-headers'},
	pyarrow: {cost: 'no musllinux wheels are published: building Arrow from source takes very long', buildDeps: 'build-base, cmake, and Apache Arrow C++'},
	torch: {cost: 'no musllinux wheels: installing on musl is impractical', buildDeps: 'a full source build', impractical: true},
	tensorflow: {cost: 'no musllinux wheels: installing on musl is impractical', buildDeps: 'a full source build', impractical: true},
	'tensorflow-cpu': {cost: 'no musllinux wheels: installing on musl is impractical', buildDeps: 'a full source build', impractical: true},
	onnxruntime: {cost: 'no musllinux wheels: installing on musl is impractical', buildDeps: 'a full source build', impractical: true},
	jaxlib: {cost: 'no musllinux wheels: installing on musl is impractical', buildDeps: 'a full source build', impractical: true},
	'opencv-python': {cost: 'no musllinux wheels: pip builds OpenCV from source (an hour or more)', buildDeps: 'build-base, cmake, linux-headers', alternative: 'apk add py3-opencv', impractical: true},
	'opencv-python-headless': {cost: 'no musllinux wheels: pip builds OpenCV from source (an hour or more)', buildDeps: 'build-base, cmake, linux-headers', alternative: 'apk add py3-opencv', impractical: true},
	llvmlite: {cost: 'no musllinux wheels: building needs a matching LLVM', buildDeps: 'build-base, llvm-dev', impractical: true},
	numba: {cost: 'no musllinux wheels, and it needs llvmlite, which has none either', buildDeps: 'build-base, llvm-dev', impractical: true},
};

function compareVersions(a: string, b: string): number {
	const pa = a.split(/[.+-]/).map(n => Number.parseInt(n, 10));
	const pb = b.split(/[.+-]/).map(n => Number.parseInt(n, 10));
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const x = Number.isNaN(pa[i] ?? 0) ? 0 : pa[i] ?? 0;
		const y = Number.isNaN(pb[i] ?? 0) ? 0 : pb[i] ?? 0;
		if (x !== y) return x - y;
	}
	return 0;
}

/** `Pandas[extra]==1.5.3` → {name: 'pandas', exact: '1.5.3'}. */
export function parseRequirement(spec: string): {name: string; exact?: string; upperBound?: string} | undefined {
	const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(spec.trim());
	if (!m) return undefined;
	const name = m[1]!.toLowerCase().replace(/[._]/g, '-');
	const constraint = m[3] ?? '';
	const exact = /==\s*([\w.]+)/.exec(constraint)?.[1];
	const upper = /<=?\s*([\w.]+)/.exec(constraint)?.[1];
	return {name, exact, upperBound: upper};
}

/** Check one requirement; reports at `offset` in the original Dockerfile. */
export function checkPipRequirement(context: ConversionContext, spec: string, offset: number, where = ''): void {
	const req = parseRequirement(spec);
	if (!req) return;
	const info = PIP[req.name];
	if (!info) return;
	const label = `${spec.trim()}${where}`;
	const alt = info.alternative ? `; consider ${info.alternative}` : '';
	if (!info.since) {
		// pip compiles it on musl: fine when the stage has the tools, an error when it cannot.
		const needed = info.buildDeps.split(/,\s*/).filter(d => /^[a-z0-9][\w+.|-]*$/.test(d));
		const has = (d: string) => d.split('|').some(p => context.stagePackages.has(p)) || (d === 'build-base' && context.stagePackages.has('gcc'));
		const missing = needed.filter(d => !has(d)).map(d => d.split('|')[0]!);
		if (info.impractical || missing.length > 0) {
			context.find(Rule.pipWheels, 'error', offset, `pip ${label}: ${info.cost}; ${info.impractical ? `on musl this needs ${info.buildDeps}` : `this stage does not install ${missing.join(', ')}, so the build fails`}${alt}${info.impractical ? '; keep this stage on Debian, or drop the package' : `: add ${missing.join(' ')} to apk add (as --virtual .build-deps)`}`);
			return;
		}
		context.find(Rule.pipWheels, 'warning', offset, `pip ${label}: ${info.cost}; needs ${info.buildDeps.replace(/\|/g, ' or ')}, which the stage installs${alt}`);
		return;
	}
	const version = req.exact ?? req.upperBound;
	if (version && compareVersions(version, info.since) < 0) {
		context.find(Rule.pipWheels, 'warning', offset, `pip ${label}: versions before ${info.since} may publish no musllinux wheel, and then pip compiles it on Alpine: ${info.cost}, needs ${info.buildDeps}${alt}`);
		return;
	}
	if (version) return;
	context.find(Rule.pipWheels, 'info', offset, `pip ${label}: unpinned; recent versions have musllinux wheels, but versions before ${info.since} compile on Alpine (${info.cost}, needs ${info.buildDeps})`);
}

/** `pip install …` words (after `install`). */
export function checkPipInstall(context: ConversionContext, args: Array<{value: string; start: number}>): void {
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		const value = arg.value;
		if (value === '-r' || value === '--requirement' || value.startsWith('-r') || value.startsWith('--requirement=')) {
			const path = value === '-r' || value === '--requirement' ? args[++i]?.value : value.replace(/^--requirement=|^-r/, '');
			if (!path || !context.readContextFile) continue;
			const content = context.readContextFile(path) ?? context.readContextFile(path.split('/').at(-1)!);
			if (content === undefined) continue;
			for (const line of content.split('\n')) {
				const clean = line.replace(/#.*/, '').trim();
				if (clean === '' || clean.startsWith('-')) continue;
				checkPipRequirement(context, clean, arg.start, ` (from ${path})`);
			}
			continue;
		}
		if (['-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--target', '-t', '--prefix', '--root'].includes(value)) {
			i++;
			continue;
		}
		if (value.startsWith('-') || value.startsWith('.') || value.startsWith('/') || value.includes('://')) continue;
		checkPipRequirement(context, value, arg.start);
	}
}

const GLIBC_URL = /(?:linux-gnu|manylinux|glibc|-gnu[._-]|_gnu[._-])/i;

/** Prebuilt downloads and installers known to be glibc builds, with what to use on Alpine. */
const GLIBC_DOWNLOADS: Array<[RegExp, string]> = [
	[/hugo_extended_[^/]*linux/i, 'hugo_extended is linked against glibc: apk add hugo (community), or the plain (non-extended) static build'],
	[/wasmedge\/wasmedge\/[^ ]*install(?:_v2)?\.sh|wasmedge.*manylinux/i, 'WasmEdge\'s installer fetches glibc (manylinux) builds: there is no musl build; keep this stage on Debian'],
	[/chrome-for-testing|googlechromelabs|chrome-linux64|chromedriver-linux64|dl\.google\.com\/linux\/|google-chrome-stable/i, 'Chrome builds are glibc-only: apk add chromium chromium-chromedriver'],
	[/repo\.anaconda\.com|repo\.continuum\.io|\/miniconda|\/anaconda|miniforge|mambaforge|micro\.mamba\.pm|micromamba/i, 'conda and micromamba install conda-forge packages, which are glibc builds: use pip with musllinux wheels and apk, or keep this stage on Debian'],
	[/nodejs\.org\/dist\/[^ ]*linux-(?:x64|arm64)(?!-musl)/i, 'nodejs.org\'s Linux tarballs are glibc builds: apk add nodejs npm, or start from node:<version>-alpine'],
	[/_linux_hotspot_|OpenJDK\d+U?-j(?:dk|re)_(?:x64|aarch64)_linux/i, 'this JDK tarball is the glibc build: use Adoptium\'s alpine-linux build (…_alpine-linux_hotspot_…), apk add openjdk17, or eclipse-temurin:<version>-alpine'],
	[/awscli-exe-linux/i, 'AWS CLI v2\'s installer is a glibc build: apk add aws-cli (community)'],
	[/deno\.land\/install|deno\.land\/x\/install/i, 'deno\'s installer fetches glibc builds: keep this stage on Debian, or use denoland/deno:alpine'],
	[/bun\.sh\/install/i, 'bun\'s installer fetches a glibc build by default: use the musl build (bun-linux-x64-musl), or oven/bun:alpine'],
];

/** A download of a prebuilt glibc binary, in a stage that now runs on musl? An error naming the fix. */
export function checkDownload(context: ConversionContext, url: string, offset: number): void {
	if (!/^https?:\/\//.test(url)) return;
	if (/musl|alpine/i.test(url)) return;
	if (/manylinux[^/]*\.whl$/i.test(url)) {
		context.find(Rule.glibcDownload, 'error', offset, `${url} is a manylinux (glibc) wheel: pip on musl refuses it as "not a supported wheel on this platform"; use a musllinux wheel or let pip pick one`);
		return;
	}
	for (const [pattern, fix] of GLIBC_DOWNLOADS) {
		if (pattern.test(url)) {
			context.find(Rule.glibcDownload, 'error', offset, `${url} is a glibc build, and this stage now runs on musl, where it fails to start: ${fix}`);
			return;
		}
	}
	if (!GLIBC_URL.test(url)) return;
	context.find(
		Rule.glibcDownload,
		'error',
		offset,
		`${url} looks like a glibc build: on musl it fails to start ("not found", missing ld-linux loader, GLIBC_x not found). Use a musl or static build (e.g. *-unknown-linux-musl), Alpine's package, or as a last resort apk add gcompat`,
	);
}
