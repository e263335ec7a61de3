/**
 * Debian/Ubuntu → Alpine package names.
 *
 * The build-dependency rows follow the public table in praekeltfoundation/alpine-buildpack-deps'
 * README ("Packages": buildpack-deps → alpine-buildpack-deps), plus `build-essential` → `build-base`
 * and common runtime and tool packages. A package missing here is never dropped silently: it is kept
 * as written and reported as unknown, for the user to look up with `apk search`.
 */

import {isAlpinePackage} from './alpine-packages.js';

export type PackageMapping = {
	/** Alpine packages to install instead (empty: nothing needed on Alpine). */
	alpine: string[];
	/** Why, when the mapping is not a plain rename. */
	note?: string;
};

const same = (...names: string[]): Record<string, PackageMapping> =>
	Object.fromEntries(names.map(name => [name, {alpine: [name]}]));

const MAP: Record<string, PackageMapping> = {
	// Same name on both sides.
	...same(
		'autoconf', 'automake', 'bash', 'busybox', 'bzip2', 'ca-certificates', 'cmake', 'curl', 'file', 'gettext', 'git',
		'gnupg', 'gzip', 'htop', 'imagemagick', 'iproute2', 'jq', 'less', 'libevent-dev', 'libffi-dev',
		'libpng-dev', 'libtool', 'libwebp-dev', 'libxml2-dev', 'libxslt-dev', 'libzip-dev', 'lsof', 'make',
		'nano', 'net-tools', 'openssh-client', 'openssh-server', 'openssl', 'patch',
		'python3', 'python3-dev', 'rsync', 'strace', 'supervisor', 'tar', 'tini', 'tzdata', 'unzip', 'vim',
		'wget', 'zip', 'nodejs', 'npm', 'ruby', 'ruby-dev', 'gdb', 'gfortran', 'ffmpeg', 'chromium',
		'dumb-init', 'mariadb-client', 'libcap-dev', 'libseccomp-dev', 'libedit-dev', 'musl-dev',
		'perl', 'expat', 'zstd', 'sudo', 'tk-dev', 'dbus', 'ghostscript', 'libreoffice', 'tesseract-ocr',
		'dpkg-dev', 'coreutils', 'findutils', 'grep', 'sed', 'gawk', 'diffutils', 'shadow', 'xz', 'sqlite', 'graphviz',
		'fontconfig', 'git-lfs', 'openssh', 'linux-headers', 'libsodium-dev', 'libuv-dev', 'tcpdump', 'iptables',
		'bash-completion', 'ncurses', 'protobuf-dev', 'poppler-utils', 'nginx', 'redis',
		'bc', 'tree', 'e2fsprogs', 'util-linux', 'openjdk17', 'openjdk21', 'cargo', 'rust', 'lz4', 'socat',
	),
	// Compilers: Debian's gcc pulls libc6-dev; on Alpine the libc headers are musl-dev.
	gcc: {alpine: ['gcc', 'musl-dev'], note: 'Debian\'s gcc brings libc6-dev; Alpine needs musl-dev for the libc headers'},
	'g++': {alpine: ['g++', 'musl-dev'], note: 'Debian\'s g++ brings libc6-dev; Alpine needs musl-dev for the libc headers'},
	'build-essential': {alpine: ['build-base']},
	clang: {alpine: ['clang18'], note: 'Alpine 3.20 names its clang by LLVM version'},
	'libc6-dev': {alpine: ['musl-dev'], note: 'libc-dev on Alpine is musl-dev'},
	'libc-dev': {alpine: ['musl-dev']},
	'pkg-config': {alpine: ['pkgconf']},
	pkgconf: {alpine: ['pkgconf']},
	'dpkg-dev': {alpine: ['dpkg-dev'], note: 'dpkg-dev exists on Alpine, but dpkg-architecture there describes musl (…-linux-musl), not Debian\'s triplets'},
	// Development headers (the alpine-buildpack-deps table and Alpine's -dev names).
	'libbz2-dev': {alpine: ['bzip2-dev']},
	'libcurl4-openssl-dev': {alpine: ['curl-dev']},
	'libcurl4-gnutls-dev': {alpine: ['curl-dev']},
	'libdb-dev': {alpine: ['db-dev']},
	'libglib2.0-dev': {alpine: ['glib-dev']},
	'libjpeg-dev': {alpine: ['libjpeg-turbo-dev']},
	'libjpeg62-turbo-dev': {alpine: ['libjpeg-turbo-dev']},
	'libjpeg-turbo8-dev': {alpine: ['libjpeg-turbo-dev']},
	'liblzma-dev': {alpine: ['xz-dev']},
	'libmagickcore-dev': {alpine: ['imagemagick-dev']},
	'libmagickwand-dev': {alpine: ['imagemagick-dev']},
	'libmysqlclient-dev': {alpine: ['mariadb-dev'], note: 'Alpine has no client-only MySQL headers; mariadb-dev is larger'},
	'default-libmysqlclient-dev': {alpine: ['mariadb-dev'], note: 'Alpine has no client-only MySQL headers; mariadb-dev is larger'},
	'libmariadb-dev': {alpine: ['mariadb-dev']},
	'libmariadb-dev-compat': {alpine: ['mariadb-dev']},
	'libncurses-dev': {alpine: ['ncurses-dev']},
	'libncurses5-dev': {alpine: ['ncurses-dev']},
	'libncursesw5-dev': {alpine: ['ncurses-dev']},
	'libpq-dev': {alpine: ['libpq-dev']},
	'libreadline-dev': {alpine: ['readline-dev']},
	'libsqlite3-dev': {alpine: ['sqlite-dev']},
	'libssl-dev': {alpine: ['openssl-dev']},
	'libxslt1-dev': {alpine: ['libxslt-dev']},
	'libyaml-dev': {alpine: ['yaml-dev']},
	'xz-utils': {alpine: ['xz']},
	'zlib1g-dev': {alpine: ['zlib-dev']},
	'libfreetype6-dev': {alpine: ['freetype-dev']},
	'libfreetype-dev': {alpine: ['freetype-dev']},
	'libtiff-dev': {alpine: ['tiff-dev']},
	'libtiff5-dev': {alpine: ['tiff-dev']},
	'liblcms2-dev': {alpine: ['lcms2-dev']},
	'libopenjp2-7-dev': {alpine: ['openjpeg-dev']},
	'libharfbuzz-dev': {alpine: ['harfbuzz-dev']},
	'libfribidi-dev': {alpine: ['fribidi-dev']},
	'libzstd-dev': {alpine: ['zstd-dev']},
	'libgmp-dev': {alpine: ['gmp-dev']},
	'libgdbm-dev': {alpine: ['gdbm-dev']},
	'uuid-dev': {alpine: ['util-linux-dev']},
	'libkrb5-dev': {alpine: ['krb5-dev']},
	'libsasl2-dev': {alpine: ['cyrus-sasl-dev']},
	'libldap2-dev': {alpine: ['openldap-dev']},
	'libldap-dev': {alpine: ['openldap-dev']},
	'libicu-dev': {alpine: ['icu-dev']},
	'libonig-dev': {alpine: ['oniguruma-dev']},
	'libexpat1-dev': {alpine: ['expat-dev']},
	'libopenblas-dev': {alpine: ['openblas-dev']},
	'libatlas-base-dev': {alpine: ['openblas-dev'], note: 'Alpine has no ATLAS; OpenBLAS provides BLAS and LAPACK'},
	'liblapack-dev': {alpine: ['lapack-dev']},
	'libblas-dev': {alpine: ['openblas-dev']},
	'libhdf5-dev': {alpine: ['hdf5-dev']},
	'libmagic-dev': {alpine: ['file-dev']},
	'libbluetooth-dev': {alpine: ['bluez-dev']},
	'libmpfr-dev': {alpine: ['mpfr-dev']},
	'libmpc-dev': {alpine: ['mpc1-dev']},
	'liblz4-dev': {alpine: ['lz4-dev']},
	'libgdbm-compat-dev': {alpine: ['gdbm-dev']},
	'libpcre3-dev': {alpine: ['pcre-dev']},
	'libpcre2-dev': {alpine: ['pcre2-dev']},
	'libprotobuf-dev': {alpine: ['protobuf-dev']},
	'protobuf-compiler': {alpine: ['protobuf']},
	'libsodium-dev': {alpine: ['libsodium-dev']},
	'libuv1-dev': {alpine: ['libuv-dev']},
	'libboost-all-dev': {alpine: ['boost-dev']},
	'libboost-dev': {alpine: ['boost-dev']},
	'libpython3-dev': {alpine: ['python3-dev']},
	'libnghttp2-dev': {alpine: ['nghttp2-dev']},
	'libcap2-bin': {alpine: ['libcap']},
	// Runtime libraries.
	zlib1g: {alpine: ['zlib']},
	libpq5: {alpine: ['libpq']},
	libffi8: {alpine: ['libffi']},
	libxml2: {alpine: ['libxml2']},
	'libxslt1.1': {alpine: ['libxslt']},
	'libjpeg62-turbo': {alpine: ['libjpeg-turbo']},
	'libpng16-16': {alpine: ['libpng']},
	libssl3: {alpine: ['libssl3']},
	libgomp1: {alpine: ['libgomp']},
	'libstdc++6': {alpine: ['libstdc++']},
	'libgcc-s1': {alpine: ['libgcc']},
	libgcc1: {alpine: ['libgcc']},
	libmagic1: {alpine: ['libmagic']},
	'libglib2.0-0': {alpine: ['glib']},
	libgl1: {alpine: ['mesa-gl']},
	'libgl1-mesa-glx': {alpine: ['mesa-gl']},
	libsm6: {alpine: ['libsm']},
	libxext6: {alpine: ['libxext']},
	libxrender1: {alpine: ['libxrender']},
	'libsqlite3-0': {alpine: ['sqlite-libs']},
	libexpat1: {alpine: ['expat']},
	libzstd1: {alpine: ['zstd-libs']},
	libsodium23: {alpine: ['libsodium']},
	libyaml: {alpine: ['yaml']},
	'libyaml-0-2': {alpine: ['yaml']},
	libcurl4: {alpine: ['libcurl']},
	libedit2: {alpine: ['libedit']},
	libreadline8: {alpine: ['readline']},
	libncursesw6: {alpine: ['ncurses-libs']},
	libncurses6: {alpine: ['ncurses-libs']},
	'libicu72': {alpine: ['icu-libs']},
	libonig5: {alpine: ['oniguruma']},
	libzip4: {alpine: ['libzip']},
	libmariadb3: {alpine: ['mariadb-connector-c']},
	libjemalloc2: {alpine: ['jemalloc']},
	'libjemalloc-dev': {alpine: ['jemalloc-dev']},
	libvips: {alpine: ['vips']},
	'libvips42': {alpine: ['vips']},
	'libvips-dev': {alpine: ['vips-dev']},
	// Tools whose names differ.
	locales: {alpine: ['musl-locales'], note: 'musl has no locale-gen; musl-locales gives translated messages, and UTF-8 works without it'},
	'locales-all': {alpine: ['musl-locales']},
	netcat: {alpine: ['netcat-openbsd']},
	'netcat-openbsd': {alpine: ['netcat-openbsd']},
	'netcat-traditional': {alpine: ['netcat-openbsd'], note: 'busybox also has a basic nc'},
	procps: {alpine: ['procps-ng']},
	'iputils-ping': {alpine: ['iputils']},
	dnsutils: {alpine: ['bind-tools']},
	'bind9-dnsutils': {alpine: ['bind-tools']},
	'bind9-host': {alpine: ['bind-tools']},
	gnupg2: {alpine: ['gnupg']},
	gpg: {alpine: ['gnupg']},
	dirmngr: {alpine: ['gnupg-dirmngr']},
	sqlite3: {alpine: ['sqlite']},
	'vim-tiny': {alpine: ['vim']},
	telnet: {alpine: ['busybox-extras']},
	golang: {alpine: ['go']},
	'golang-go': {alpine: ['go']},
	'python3-pip': {alpine: ['py3-pip']},
	'python3-setuptools': {alpine: ['py3-setuptools']},
	'python3-wheel': {alpine: ['py3-wheel']},
	'python3-virtualenv': {alpine: ['py3-virtualenv']},
	virtualenv: {alpine: ['py3-virtualenv']},
	'python-is-python3': {alpine: [], note: 'Alpine\'s python3 package installs /usr/bin/python'},
	'postgresql-client': {alpine: ['postgresql16-client']},
	'postgresql-contrib': {alpine: ['postgresql16-contrib']},
	'default-mysql-client': {alpine: ['mariadb-client']},
	'mysql-client': {alpine: ['mariadb-client']},
	'redis-server': {alpine: ['redis']},
	'redis-tools': {alpine: ['redis']},
	'openjdk-17-jdk': {alpine: ['openjdk17-jdk']},
	'default-jre-headless': {alpine: ['openjdk17-jre-headless']},
	'default-jdk': {alpine: ['openjdk17-jdk']},
	gosu: {alpine: ['su-exec'], note: 'su-exec takes the same arguments as gosu; /usr/local/bin/gosu is linked to it so scripts that call gosu keep working'},
	'fonts-liberation': {alpine: ['font-liberation']},
	'fonts-liberation2': {alpine: ['font-liberation']},
	'fonts-dejavu': {alpine: ['font-dejavu']},
	'fonts-dejavu-core': {alpine: ['font-dejavu']},
	'tesseract-ocr-eng': {alpine: ['tesseract-ocr-data-eng']},
	'tesseract-ocr-deu': {alpine: ['tesseract-ocr-data-deu']},
	'tesseract-ocr-fra': {alpine: ['tesseract-ocr-data-fra']},
	'libreoffice-writer': {alpine: ['libreoffice-writer']},
	'openssh-sftp-server': {alpine: ['openssh-sftp-server']},
	'iproute2': {alpine: ['iproute2']},
	'gettext-base': {alpine: ['gettext-envsubst'], note: 'envsubst on Alpine is in gettext-envsubst'},
	'bsdmainutils': {alpine: ['util-linux-misc'], note: 'column and hexdump; busybox also has hexdump'},
	'bsdextrautils': {alpine: ['util-linux-misc']},
	'ncurses-bin': {alpine: ['ncurses']},
	'default-libmysqlclient': {alpine: ['mariadb-connector-c']},
	'nodejs-npm': {alpine: ['npm']},
	'chromium-driver': {alpine: ['chromium-chromedriver']},
	// Nothing to install on Alpine.
	'python3-venv': {alpine: [], note: 'Alpine\'s python3 includes venv'},
	'python3-distutils': {alpine: [], note: 'Alpine\'s python3 has no separate distutils package (py3-setuptools provides it on 3.12)'},
	'apt-transport-https': {alpine: [], note: 'apt-only'},
	'apt-utils': {alpine: [], note: 'apt-only'},
	'software-properties-common': {alpine: [], note: 'apt-only (add-apt-repository)'},
	'lsb-release': {alpine: [], note: 'Debian-only; read /etc/alpine-release or /etc/os-release instead'},
	'debian-archive-keyring': {alpine: [], note: 'Debian-only'},
	'ubuntu-keyring': {alpine: [], note: 'Ubuntu-only'},
	'debconf-utils': {alpine: [], note: 'debconf does not exist on Alpine'},
	libc6: {alpine: [], note: 'musl is the C library of the Alpine image'},
	'libc-bin': {alpine: [], note: 'musl is the C library of the Alpine image'},
	netbase: {alpine: [], note: 'Alpine\'s base layout already has /etc/protocols and /etc/services'},
	cron: {alpine: [], note: 'busybox provides crond'},
	'init-system-helpers': {alpine: [], note: 'Debian-only'},
};

/**
 * Debian packages that have no counterpart because what they are for does not exist on Alpine: an
 * install of one is an error naming the reason, never dropped or kept silently.
 */
export const REFUSED: Record<string, string> = {
	systemd: 'systemd does not exist on Alpine (it uses OpenRC, and containers run one process); run the service in the foreground as CMD',
	'systemd-sysv': 'systemd does not exist on Alpine (it uses OpenRC, and containers run one process); run the service in the foreground as CMD',
	'libsystemd-dev': 'libsystemd does not exist on Alpine; build without systemd support (e.g. --disable-systemd)',
	'libc6-i386': 'there is no 32-bit glibc on Alpine',
	'lib32gcc-s1': 'there is no 32-bit glibc on Alpine',
	'libc6-dev-i386': 'there is no 32-bit glibc on Alpine',
	'gcc-multilib': 'Alpine has no multilib toolchain',
};

/** Versioned Debian names: openjdk-17-jre-headless → openjdk17-jre-headless. */
const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => PackageMapping]> = [
	[/^openjdk-(17|21)-(jre|jdk)(-headless)?$/, m => ({alpine: [m[2] === 'jdk' ? `openjdk${m[1]}-jdk` : `openjdk${m[1]}-jre${m[3] ?? ''}`]})],
	[/^postgresql-client-(1[4-6])$/, m => ({alpine: [`postgresql${m[1]}-client`]})],
	[/^libssl1\.1$/, () => ({alpine: ['libssl3'], note: 'Alpine 3.20 ships OpenSSL 3'})],
	[/^libffi7$/, () => ({alpine: ['libffi']})],
	[/^python3\.\d+$/, () => ({alpine: ['python3'], note: 'Alpine 3.20 ships one python3 (3.12); python3.X commands in this stage are rewritten to python3'})],
	[/^python3\.\d+-dev$/, () => ({alpine: ['python3-dev']})],
	[/^python3\.\d+-(?:venv|distutils|lib2to3)$/, () => ({alpine: [], note: 'part of Alpine\'s python3'})],
	[/^libpython3\.\d+(?:-dev)?$/, m => ({alpine: [m[0].endsWith('-dev') ? 'python3-dev' : 'python3']})],
	[/^libicu\d+$/, () => ({alpine: ['icu-libs']})],
	[/^libssl3t64$/, () => ({alpine: ['libssl3']})],
];

/**
 * Naming rules, tried after the table: the candidate is used only when Alpine has a package of that
 * name (the verified set in alpine-packages.ts), so a rule never invents a name.
 */
const RULES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
	// python3-requests → py3-requests
	[/^python3-(.+)$/, m => `py3-${m[1]}`],
	// libfoo-dev → foo-dev (libgeos-dev → geos-dev); libfoo-dev → libfoo-dev is the same-name case.
	[/^lib(.+)-dev$/, m => `${m[1]}-dev`],
	[/^(.+)-dev$/, m => `${m[1]}-dev`],
];

export type PackageSpec = {
	/** As written, e.g. `gcc=4:12.2.0-3` or `curl/bookworm-backports`. */
	raw: string;
	name: string;
	/** `=version` pin, dropped because Debian versions mean nothing on Alpine. */
	version?: string;
	/** `/release` suffix, dropped. */
	release?: string;
};

export function parsePackageSpec(raw: string): PackageSpec {
	let name = raw;
	let version: string | undefined;
	let release: string | undefined;
	const eq = name.indexOf('=');
	if (eq > 0) {
		version = name.slice(eq + 1);
		name = name.slice(0, eq);
	}
	const slash = name.indexOf('/');
	if (slash > 0) {
		release = name.slice(slash + 1);
		name = name.slice(0, slash);
	}
	return {raw, name, version, release};
}

/** A team's own Debian → Alpine names (`--mappings FILE`), checked before the table. */
export type PackageMappings = Record<string, PackageMapping>;

export function lookupPackage(name: string, extra: PackageMappings = {}): PackageMapping | undefined {
	const own = Object.hasOwn(extra, name) ? extra[name] : undefined;
	if (own) return own;
	const direct = Object.hasOwn(MAP, name) ? MAP[name] : undefined;
	if (direct) return direct;
	for (const [pattern, build] of PATTERNS) {
		const m = pattern.exec(name);
		if (m) return build(m);
	}
	if (isAlpinePackage(name)) return {alpine: [name]};
	for (const [pattern, build] of RULES) {
		const m = pattern.exec(name);
		if (!m) continue;
		const candidate = build(m);
		if (isAlpinePackage(candidate)) return {alpine: [candidate], note: `Alpine names it ${candidate}`};
	}
	return undefined;
}

export function refusedPackage(name: string): string | undefined {
	return Object.hasOwn(REFUSED, name) ? REFUSED[name] : undefined;
}

/** Every Alpine name the built-in table and patterns can emit, for the test that holds them to Alpine's set. */
export function emittedAlpineNames(): string[] {
	const names = new Set(Object.values(MAP).flatMap(m => m.alpine));
	for (const sample of ['openjdk-17-jre-headless', 'openjdk-21-jdk', 'openjdk-17-jdk-headless', 'openjdk-21-jre', 'postgresql-client-16', 'libssl1.1', 'libffi7', 'python3.9', 'python3.11-dev', 'libpython3.11-dev', 'libicu74']) {
		for (const name of lookupPackage(sample)?.alpine ?? []) names.add(name);
	}
	for (const name of ['bash', 'build-base', 'su-exec']) names.add(name);
	return [...names].sort();
}

/** Packages whose presence in a single-stage image suggests a multi-stage build or a virtual package. */
export function isBuildDependency(alpineName: string): boolean {
	return /-dev$/.test(alpineName) || ['build-base', 'gcc', 'g++', 'make', 'cmake', 'musl-dev', 'gfortran', 'autoconf', 'automake', 'libtool', 'pkgconf'].includes(alpineName);
}
