/**
 * Alpine 3.20 package names (main and community) that the Debian → Alpine table emits, by aport.
 *
 * Origin: Alpine's aports tree (github.com/alpinelinux/aports), read per aport: `pkgname`,
 * `subpackages` and `provides` of each APKBUILD. Each line ends with its evidence:
 *   read <commit>   the APKBUILD was read at that aports commit and lists these names;
 *   aport <commit>  the aport directory exists at that commit (pkgname = directory name), and the
 *                   other names are the APKBUILD's standard split packages (-dev, -libs, -doc);
 *   pkgs v3.20      Alpine's package index for v3.20 lists the name with this origin.
 *   tree            the aport's place in the tree as of the 3.20 branch, not re-read in this pass.
 * Versions are not recorded: only names, which is what apk add needs.
 * To add a name, add it to its aport's line (or a new line) with its evidence; the unit test
 * `alpine-packages` fails when the table emits a name that is not listed here.
 */
export const ALPINE_PACKAGE_LIST = `
main/alpine-baselayout: alpine-baselayout  # tree
main/autoconf: autoconf  # tree
main/automake: automake  # tree
main/bash: bash bash-doc  # tree
main/bash-completion: bash-completion  # tree
main/bc: bc  # tree
main/bind: bind bind-tools bind-libs bind-dev  # tree
main/bluez: bluez bluez-dev bluez-libs  # aport c06497bda72e9a45f045324772a3a091688a7135
main/build-base: build-base  # tree
main/busybox: busybox busybox-static busybox-doc busybox-suid busybox-extras ssl_client  # read 015572990bed49aaa07fcdb2f4b3ae56774a12da
main/bzip2: bzip2 bzip2-dev bzip2-doc libbz2  # tree
main/ca-certificates: ca-certificates ca-certificates-bundle  # tree
main/cairo: cairo cairo-dev cairo-doc cairo-gobject cairo-tools  # read 01712f9b93ac7fe28c6ad51ec50306acec985097
main/cmake: cmake cmake-doc  # tree
main/coreutils: coreutils coreutils-doc  # tree
main/curl: curl curl-dev curl-doc libcurl  # tree
main/giflib: giflib giflib-dev  # aport c3b9918c00b2bcaf78422955fe5a51679c04e5be
main/librsvg: librsvg librsvg-dev  # aport ec60b47f8896eaaed3da8c656ad4fe7e9d97c82e
main/pango: pango pango-dev  # aport 3d97435af019ec0845aa83858d35f056cabf6a41
main/cyrus-sasl: cyrus-sasl cyrus-sasl-dev libsasl  # tree
main/db: db db-dev db-utils  # tree
main/dbus: dbus dbus-dev dbus-libs  # tree
main/diffutils: diffutils  # tree
main/dpkg: dpkg dpkg-dev dpkg-doc  # tree
main/e2fsprogs: e2fsprogs e2fsprogs-dev e2fsprogs-libs  # tree
main/expat: expat expat-dev  # tree
main/file: file file-dev file-doc libmagic  # tree
main/findutils: findutils  # tree
main/font-dejavu: font-dejavu  # tree
main/font-liberation: font-liberation  # aport 0e8900a886ad56fb396c0c641be6ccbe26599b02
main/fontconfig: fontconfig fontconfig-dev  # tree
main/freetype: freetype freetype-dev  # tree
main/fribidi: fribidi fribidi-dev  # tree
main/gawk: gawk  # tree
main/gcc: gcc gcc-doc g++ gfortran libgcc libgomp libstdc++ libatomic libquadmath libgfortran  # read 00880c74943bc337f321595ee51652127da58c9f
main/gdb: gdb  # tree
main/gdbm: gdbm gdbm-dev  # tree
main/gettext: gettext gettext-dev gettext-envsubst libintl  # tree
main/ghostscript: ghostscript ghostscript-dev  # tree
main/git: git git-doc  # tree
main/glib: glib glib-dev  # tree
main/gmp: gmp gmp-dev  # tree
main/gnupg: gnupg gnupg-dirmngr gnupg-doc  # tree
main/graphviz: graphviz graphviz-dev  # tree
main/grep: grep  # tree
main/gzip: gzip  # tree
main/harfbuzz: harfbuzz harfbuzz-dev  # tree
main/htop: htop  # tree
main/icu: icu icu-dev icu-libs icu-data-full  # read 00bce1bc16c686df507342432dd90884b419414e (icu-dev, icu-data-full named by postgresql16)
main/iproute2: iproute2  # tree
main/iptables: iptables  # tree
main/iputils: iputils  # tree
main/jemalloc: jemalloc jemalloc-dev  # tree
main/jq: jq  # tree
main/krb5: krb5 krb5-dev krb5-libs  # tree
main/lcms2: lcms2 lcms2-dev  # tree
main/less: less  # tree
main/libcap: libcap libcap-dev  # tree
main/libedit: libedit libedit-dev  # tree
main/libevent: libevent libevent-dev  # tree
main/libffi: libffi libffi-dev  # tree
main/libjpeg-turbo: libjpeg-turbo libjpeg-turbo-dev  # tree
main/libpng: libpng libpng-dev  # tree
main/libseccomp: libseccomp libseccomp-dev  # tree
main/libsm: libsm libsm-dev  # tree
main/libsodium: libsodium libsodium-dev  # tree
main/libtool: libtool  # tree
main/libuv: libuv libuv-dev  # tree
main/libwebp: libwebp libwebp-dev  # tree
main/libxext: libxext libxext-dev  # tree
main/libxml2: libxml2 libxml2-dev libxml2-utils  # tree
main/libxrender: libxrender libxrender-dev  # tree
main/libxslt: libxslt libxslt-dev  # tree
main/libzip: libzip libzip-dev  # tree
main/linux-headers: linux-headers  # tree
main/lsof: lsof  # tree
main/lz4: lz4 lz4-dev lz4-libs  # aport 66adeb8d07167e710d1d8e39d93d79f71624debe; lz4-dev named by postgresql16 read 00bce1bc16c686df507342432dd90884b419414e
main/make: make  # tree
main/mariadb: mariadb mariadb-client mariadb-dev  # tree
main/mariadb-connector-c: mariadb-connector-c mariadb-connector-c-dev  # aport 9d549f5a6cc2733c5c4defbae2cc9f2ad74611fb
main/mesa: mesa mesa-gl mesa-dev  # tree
main/mpc1: mpc1 mpc1-dev  # aport f87830886ebcda23d0419ee1048014fef5ec4cc4; mpc1-dev named by gcc read 00880c74943bc337f321595ee51652127da58c9f
main/mpfr4: mpfr4 mpfr-dev  # aport 84a227baf001b6e0208e3352b294e4d7a40e93de; mpfr-dev named by gcc read 00880c74943bc337f321595ee51652127da58c9f
main/musl: musl musl-dev musl-utils  # tree
main/nano: nano  # tree
main/ncurses: ncurses ncurses-dev ncurses-libs ncurses-terminfo-base  # tree
main/net-tools: net-tools  # tree
main/netcat-openbsd: netcat-openbsd  # tree
main/nghttp2: nghttp2 nghttp2-dev nghttp2-libs  # tree
main/nginx: nginx  # tree
main/nodejs: nodejs nodejs-dev  # tree
main/npm: npm  # tree
main/oniguruma: oniguruma oniguruma-dev  # tree
main/openldap: openldap openldap-dev openldap-clients  # read 00bce1bc16c686df507342432dd90884b419414e (openldap-dev named by postgresql16)
main/openssh: openssh openssh-doc openssh-client openssh-keysign openssh-sftp-server openssh-server openssh-keygen  # read 02241b2ec7d1db08030927b8cafdd3b7cd3fe618 (openssh-server and openssh-keygen are later splits, tree)
main/openssl: openssl openssl-dev openssl-doc openssl-libs-static libcrypto3 libssl3  # read 0079a0b512f51d886eafd10d15c341b77ee00084
main/patch: patch  # tree
main/openjpeg: openjpeg openjpeg-dev  # tree
main/pcre: pcre pcre-dev  # tree
main/pcre2: pcre2 pcre2-dev  # tree
main/perl: perl perl-dev perl-doc  # read 00bce1bc16c686df507342432dd90884b419414e (perl-dev named by postgresql16)
main/pkgconf: pkgconf pkgconf-dev  # tree
main/postgresql16: postgresql16 libpq libpq-dev libecpg libecpg-dev postgresql16-client postgresql16-jit postgresql16-contrib postgresql16-dev postgresql16-doc postgresql16-openrc  # read 00bce1bc16c686df507342432dd90884b419414e
main/procps-ng: procps-ng procps-ng-doc libproc2  # aport 84a227baf001b6e0208e3352b294e4d7a40e93de
main/protobuf: protobuf protobuf-dev  # tree
main/py3-pip: py3-pip  # tree
main/py3-setuptools: py3-setuptools  # tree
main/py3-wheel: py3-wheel  # tree
main/python3: python3 python3-dev python3-doc python3-tests  # read 00bce1bc16c686df507342432dd90884b419414e (python3-dev named by postgresql16)
main/readline: readline readline-dev  # read 00bce1bc16c686df507342432dd90884b419414e (readline-dev named by postgresql16)
main/redis: redis  # tree
main/rsync: rsync  # tree
main/ruby: ruby ruby-dev ruby-doc ruby-libs  # tree
main/rust: rust cargo  # tree
main/sed: sed  # tree
main/shadow: shadow shadow-doc  # tree
main/socat: socat  # tree
main/sqlite: sqlite sqlite-dev sqlite-libs sqlite-doc  # pkgs v3.20 (sqlite); pkgs v3.16 and v3.17 (sqlite-libs, origin sqlite); aport 10d8ca73b57f7dc61229f595c0ecad8e21539d20
main/strace: strace  # tree
main/su-exec: su-exec  # aport f083f8e794557e49d797cbf13cdec061e67f6b52
main/sudo: sudo  # tree
main/tar: tar  # tree
main/tcpdump: tcpdump  # tree
main/tiff: tiff tiff-dev  # tree
main/tk: tk tk-dev  # tree
main/tree: tree  # tree
main/tzdata: tzdata  # read 00bce1bc16c686df507342432dd90884b419414e (named by postgresql16)
main/unzip: unzip  # tree
main/util-linux: util-linux util-linux-dev util-linux-misc util-linux-static util-linux-doc util-linux-login libblkid libuuid libmount  # read 0004f328665dbf54e7e37fedb8f941da48f50dca
main/vim: vim  # tree
main/wget: wget  # tree
main/xz: xz xz-dev xz-libs  # tree
main/yaml: yaml yaml-dev  # tree
main/zip: zip  # tree
main/zlib: zlib zlib-dev  # read 00bce1bc16c686df507342432dd90884b419414e (zlib-dev named by postgresql16)
main/zstd: zstd zstd-dev zstd-libs  # read 00bce1bc16c686df507342432dd90884b419414e (zstd-dev named by postgresql16)
main/clang18: clang18 clang18-dev  # aport fa3f69a9f0902de1b1fd9f7ce31d81d98f1bfc29
community/chromium: chromium chromium-chromedriver  # tree
community/dumb-init: dumb-init  # tree
community/ffmpeg: ffmpeg ffmpeg-dev  # tree
community/git-lfs: git-lfs  # tree
community/go: go  # tree
community/hdf5: hdf5 hdf5-dev  # tree
community/imagemagick: imagemagick imagemagick-dev  # tree
community/lapack: lapack lapack-dev  # tree
community/libreoffice: libreoffice libreoffice-writer  # tree
community/musl-locales: musl-locales  # aport 920f35eb7555fbfd3c9547f7010306e13a09ad3c
community/openblas: openblas openblas-dev  # aport 172b1a67ce5131668ed411a3ef43871488a5761c
community/openjdk17: openjdk17 openjdk17-jdk openjdk17-jre openjdk17-jre-headless  # tree
community/openjdk21: openjdk21 openjdk21-jdk openjdk21-jre openjdk21-jre-headless  # tree
community/poppler: poppler poppler-utils poppler-dev  # tree
community/py3-virtualenv: py3-virtualenv  # tree
community/supervisor: supervisor  # tree
community/tesseract-ocr: tesseract-ocr tesseract-ocr-dev tesseract-ocr-data-eng tesseract-ocr-data-deu tesseract-ocr-data-fra  # aport 172b1a67ce5131668ed411a3ef43871488a5761c
community/tini: tini  # tree
community/vips: vips vips-dev  # tree
community/boost: boost boost-dev  # tree
`;
