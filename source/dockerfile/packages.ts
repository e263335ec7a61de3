/**
 * Debian/Ubuntu → Alpine package names.
 *
 * The build-dependency rows follow the public table in praekeltfoundation/alpine-buildpack-deps'
 * README ("Packages": buildpack-deps → alpine-buildpack-deps), plus `build-essential` → `build-base`
 * and common runtime and tool packages. A package missing here is never dropped silently: it is kept
 * as written and reported as unknown, for the user to look up with `apk search`.
 */

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
		'nano', 'net-tools', 'openssh-client', 'openssh-server', 'openssl', 'patch', 'postgresql-client',
		'python3', 'python3-dev', 'rsync', 'strace', 'supervisor', 'tar', 'tini', 'tzdata', 'unzip', 'vim',
		'wget', 'zip', 'nodejs', 'npm', 'ruby', 'ruby-dev', 'gdb', 'gfortran', 'ffmpeg', 'chromium',
		'dumb-init', 'mariadb-client', 'libcap-dev', 'libseccomp-dev', 'libedit-dev', 'musl-dev',
	),
	// Compilers: Debian's gcc pulls libc6-dev; on Alpine the libc headers are musl-dev.
	gcc: {alpine: ['gcc', 'musl-dev'], note: 'Debian\'s gcc brings libc6-dev; Alpine needs musl-dev for the libc headers'},
	'g++': {alpine: ['g++', 'musl-dev'], note: 'Debian\'s g++ brings libc6-dev; Alpine needs musl-dev for the libc headers'},
	'build-essential': {alpine: ['build-base']},
	'libc6-dev': {alpine: ['musl-dev'], note: 'libc-dev on Alpine is musl-dev'},
	'libc-dev': {alpine: ['musl-dev']},
	'pkg-config': {alpine: ['pkgconf']},
	pkgconf: {alpine: ['pkgconf']},
	// Development headers (the alpine-buildpack-deps table).
	'libbz2-dev': {alpine: ['bzip2-dev']},
	'libcurl4-openssl-dev': {alpine: ['curl-dev']},
	'libdb-dev': {alpine: ['db-dev']},
	'libgeoip-dev': {alpine: ['geoip-dev']},
	'libglib2.0-dev': {alpine: ['glib-dev']},
	'libjpeg-dev': {alpine: ['jpeg-dev'], note: 'jpeg-dev is provided by libjpeg-turbo-dev'},
	'libjpeg62-turbo-dev': {alpine: ['libjpeg-turbo-dev']},
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
	'libpq-dev': {alpine: ['postgresql-dev'], note: 'postgresql-dev includes server headers; Alpine ≥ 3.15 also has a smaller libpq-dev'},
	'libreadline-dev': {alpine: ['readline-dev']},
	'libsqlite3-dev': {alpine: ['sqlite-dev']},
	'libssl-dev': {alpine: ['openssl-dev']},
	'libxslt1-dev': {alpine: ['libxslt-dev']},
	'libyaml-dev': {alpine: ['yaml-dev']},
	'xz-utils': {alpine: ['xz']},
	'zlib1g-dev': {alpine: ['zlib-dev']},
	'libfreetype6-dev': {alpine: ['freetype-dev']},
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
	'libicu-dev': {alpine: ['icu-dev']},
	'libonig-dev': {alpine: ['oniguruma-dev']},
	'libexpat1-dev': {alpine: ['expat-dev']},
	'libopenblas-dev': {alpine: ['openblas-dev']},
	'liblapack-dev': {alpine: ['lapack-dev']},
	'libhdf5-dev': {alpine: ['hdf5-dev']},
	'libmagic-dev': {alpine: ['file-dev']},
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
	libmagic1: {alpine: ['libmagic']},
	'libglib2.0-0': {alpine: ['glib']},
	libgl1: {alpine: ['mesa-gl']},
	'libgl1-mesa-glx': {alpine: ['mesa-gl']},
	libsm6: {alpine: ['libsm']},
	libxext6: {alpine: ['libxext']},
	libxrender1: {alpine: ['libxrender']},
	// Tools whose names differ.
	locales: {alpine: ['musl-locales'], note: 'musl has no locale-gen; musl-locales gives translated messages, and UTF-8 works without it'},
	'locales-all': {alpine: ['musl-locales']},
	netcat: {alpine: ['netcat-openbsd']},
	'netcat-openbsd': {alpine: ['netcat-openbsd']},
	'netcat-traditional': {alpine: ['netcat-openbsd'], note: 'busybox also has a basic nc'},
	procps: {alpine: ['procps']},
	'iputils-ping': {alpine: ['iputils']},
	dnsutils: {alpine: ['bind-tools']},
	'bind9-dnsutils': {alpine: ['bind-tools']},
	gnupg2: {alpine: ['gnupg']},
	dirmngr: {alpine: ['gnupg-dirmngr']},
	sqlite3: {alpine: ['sqlite']},
	'vim-tiny': {alpine: ['vim']},
	telnet: {alpine: ['busybox-extras']},
	golang: {alpine: ['go']},
	'python3-pip': {alpine: ['py3-pip']},
	'python3-setuptools': {alpine: ['py3-setuptools']},
	'python3-wheel': {alpine: ['py3-wheel']},
	gosu: {alpine: ['su-exec'], note: 'su-exec takes the same arguments as gosu'},
	// Nothing to install on Alpine.
	'python3-venv': {alpine: [], note: 'Alpine\'s python3 includes venv'},
	'apt-transport-https': {alpine: [], note: 'apt-only'},
	'apt-utils': {alpine: [], note: 'apt-only'},
	'software-properties-common': {alpine: [], note: 'apt-only (add-apt-repository)'},
	'lsb-release': {alpine: [], note: 'Debian-only; read /etc/alpine-release or /etc/os-release instead'},
	'debian-archive-keyring': {alpine: [], note: 'Debian-only'},
	libc6: {alpine: [], note: 'musl is the C library of the Alpine image'},
	cron: {alpine: [], note: 'busybox provides crond'},
};

/** Versioned Debian names: openjdk-17-jre-headless → openjdk17-jre-headless. */
const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => PackageMapping]> = [
	[/^openjdk-(\d+)-(jre|jdk)(-headless)?$/, m => ({alpine: [`openjdk${m[1]}-${m[2]}${m[3] ?? ''}`]})],
	[/^postgresql-client-(\d+)$/, m => ({alpine: [`postgresql${m[1]}-client`]})],
	[/^libssl1\.1$/, () => ({alpine: ['libssl3'], note: 'Alpine 3.20 ships OpenSSL 3'})],
	[/^libffi7$/, () => ({alpine: ['libffi']})],
	[/^python3\.\d+$/, () => ({alpine: ['python3'], note: 'Alpine ships one python3 per release'})],
	[/^python3\.\d+-dev$/, () => ({alpine: ['python3-dev']})],
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

export function lookupPackage(name: string): PackageMapping | undefined {
	const direct = MAP[name];
	if (direct) return direct;
	for (const [pattern, build] of PATTERNS) {
		const m = pattern.exec(name);
		if (m) return build(m);
	}
	return undefined;
}

/** Packages whose presence in a single-stage image suggests a multi-stage build or a virtual package. */
export function isBuildDependency(alpineName: string): boolean {
	return /-dev$/.test(alpineName) || ['build-base', 'gcc', 'g++', 'make', 'cmake', 'musl-dev', 'gfortran', 'autoconf', 'automake', 'libtool', 'pkgconf'].includes(alpineName);
}
