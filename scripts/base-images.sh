#!/usr/bin/env bash
# Build the offline stand-in base images the sample stack builds on when no image
# registry can be reached. Each is skipped when the engine has it already.
#
#   alpinist-base/debian:bookworm  Debian bookworm minbase (debootstrap) + busybox.
#                                  Stands in for debian:bookworm-slim.
#   alpinist-base/musl:busybox     busybox built from Debian's busybox source against
#                                  Debian's musl (musl-gcc, dynamically linked like
#                                  Alpine's), musl's loader and libc, a few /etc files,
#                                  ~2 MB. Stands in for alpine:3.20. It is not Alpine and
#                                  says so in /etc/os-release (ID=alpinist-musl,
#                                  ID_LIKE=alpine).
#
# Why build busybox rather than take Debian's busybox-static: that one is static glibc,
# which cannot resolve DNS names without glibc's NSS libraries (so containers could not
# reach each other by service name), and its `wget -T` crashes there.
#
# Usage: scripts/base-images.sh [--rebuild]
# Environment:
#   ALPINIST_DEBIAN_MIRROR  Debian mirror for debootstrap (default: the machine's apt
#                           sources serving bookworm, else http://deb.debian.org/debian)
#   ALPINIST_CACHE_DIR      where downloaded packages, busybox's source and the musl
#                           busybox build are kept (default /var/cache/alpinist)
set -euo pipefail

readonly DEBIAN_IMAGE=alpinist-base/debian:bookworm
readonly MUSL_IMAGE=alpinist-base/musl:busybox
readonly SUITE=bookworm
readonly DEFAULT_MIRROR=http://deb.debian.org/debian
readonly CACHE_DIR="${ALPINIST_CACHE_DIR:-/var/cache/alpinist}"
readonly IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

rebuild=""
case "${1:-}" in
--rebuild) rebuild=1 ;;
"") ;;
*)
	echo "usage: $0 [--rebuild]" >&2
	exit 2
	;;
esac

say() { printf 'base-images: %s\n' "$*"; }
die() {
	printf 'base-images: %s\n' "$*" >&2
	exit 1
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds_since() { awk -v ms=$(($(now_ms) - $1)) 'BEGIN { printf "%.1f s", ms / 1000 }'; }
image_present() { docker image inspect "$1" >/dev/null 2>&1; }
image_size() { docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.1f MB", $1 / 1000000 }'; }

work=""
cleanup() { [[ -n "$work" && -d "$work" ]] && rm -rf "$work"; }
trap cleanup EXIT

docker info >/dev/null 2>&1 || die "no Docker engine answers; run scripts/setup-engine.sh first"

# --- packages -------------------------------------------------------------------------
apt_updated=""
apt_update_once() {
	if [[ -z "$apt_updated" ]]; then
		apt-get update -qq >/dev/null
		apt_updated=1
	fi
}

package_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# ensure_packages PACKAGE...: install with apt-get those that are not installed, in one go.
ensure_packages() {
	local package missing=()
	for package in "$@"; do
		package_installed "$package" || missing+=("$package")
	done
	((${#missing[@]})) || return 0
	[[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1 ||
		die "missing packages: ${missing[*]}; install them (Debian/Ubuntu) and run this again"
	apt_update_once
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		>"$work/apt-get.log" 2>&1; then
		tail -n 20 "$work/apt-get.log" | sed 's/^/  | /' >&2
		die "apt-get could not install ${missing[*]} (log above)"
	fi
	say "installed ${missing[*]} (apt-get)"
}

# The first Debian mirror in the apt sources that serves $SUITE (one-line and deb822 forms).
debian_mirror() {
	local mirror=""
	if [[ -n "${ALPINIST_DEBIAN_MIRROR:-}" ]]; then
		echo "$ALPINIST_DEBIAN_MIRROR"
		return
	fi
	shopt -s nullglob
	local lists=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list)
	local sources=(/etc/apt/sources.list.d/*.sources)
	shopt -u nullglob
	if ((${#lists[@]})); then
		mirror=$(cat "${lists[@]}" 2>/dev/null | sed -e 's/#.*//' -e 's/\[[^]]*\]//' |
			awk -v suite="$SUITE" '$1 == "deb" && $3 == suite && $2 ~ /^https?:\/\// { print $2; exit }')
	fi
	if [[ -z "$mirror" ]] && ((${#sources[@]})); then
		mirror=$(cat "${sources[@]}" 2>/dev/null | awk -v suite="$SUITE" '
			BEGIN { RS = ""; FS = "\n" }
			{
				types = ""; uris = ""; suites = ""; enabled = "yes"
				for (i = 1; i <= NF; i++) {
					line = $i
					if (line ~ /^#/) continue
					if (sub(/^Types:[ \t]*/, "", line)) types = line
					else if (sub(/^URIs:[ \t]*/, "", line)) uris = line
					else if (sub(/^Suites:[ \t]*/, "", line)) suites = line
					else if (sub(/^Enabled:[ \t]*/, "", line)) enabled = line
				}
				if (enabled == "no" || (" " types " ") !~ / deb /) next
				if ((" " suites " ") !~ (" " suite " ")) next
				split(uris, u, /[ \t]+/)
				if (u[1] ~ /^https?:\/\//) { print u[1]; exit }
			}')
	fi
	echo "${mirror:-$DEFAULT_MIRROR}"
}

# --- alpinist-base/debian:bookworm ----------------------------------------------------------
build_debian() {
	local started mirror rootfs
	started=$(now_ms)
	[[ "$(id -u)" == 0 ]] || die "building $DEBIAN_IMAGE needs root (debootstrap); run as root"
	command -v debootstrap >/dev/null 2>&1 || ensure_packages debootstrap
	mirror=$(debian_mirror)
	rootfs="$work/debian"
	mkdir -p "$CACHE_DIR/debootstrap"
	say "debootstrap --variant=minbase --include=busybox $SUITE from $mirror"
	if ! debootstrap --variant=minbase --include=busybox --cache-dir="$CACHE_DIR/debootstrap" \
		"$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
		tail -n 20 "$work/debootstrap.log" | sed 's/^/  | /' >&2
		die "debootstrap failed (log above)"
	fi

	# Slim it the way the -slim images are: no docs, manuals or locales now or later.
	rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
		"$rootfs"/usr/share/locale/* "$rootfs"/usr/share/groff/* "$rootfs"/usr/share/lintian/* \
		"$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
		"$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* \
		"$rootfs"/etc/hostname "$rootfs"/etc/resolv.conf
	cat >"$rootfs/etc/dpkg/dpkg.cfg.d/alpinist-slim" <<-'EOF'
		# Like the -slim images: keep documentation, manuals and locales out.
		path-exclude /usr/share/doc/*
		path-include /usr/share/doc/*/copyright
		path-exclude /usr/share/man/*
		path-exclude /usr/share/info/*
		path-exclude /usr/share/locale/*
		path-exclude /usr/share/groff/*
		path-exclude /usr/share/lintian/*
	EOF
	: >"$rootfs/etc/machine-id"

	tar --numeric-owner -C "$rootfs" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . |
		docker import \
			--change 'CMD ["/bin/bash"]' \
			--change "ENV PATH=$IMAGE_PATH" \
			--change 'LABEL io.alpinist.stand-in=debian-bookworm-minbase' \
			--change "LABEL io.alpinist.stand-in.for=debian:bookworm-slim" \
			--message "alpinist stand-in: Debian $SUITE minbase + busybox (debootstrap)" \
			- "$DEBIAN_IMAGE" >/dev/null
	say "built $DEBIAN_IMAGE in $(seconds_since "$started")"
}

# --- alpinist-base/musl:busybox --------------------------------------------------------------
# busybox_musl: print the path of a busybox built against musl, building it when the cache
# has none for the suite's current busybox source.
busybox_musl() {
	local mirror apt_dir src_dir version build kinc
	local -a apt_opts
	mirror=$(debian_mirror)
	apt_dir="$work/apt"
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
	echo "deb-src $mirror $SUITE main" >"$apt_dir/sources.list"
	# A private source list: the machine's apt configuration is left as it is.
	apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/none"
		-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")
	apt-get "${apt_opts[@]}" update -qq >/dev/null 2>&1 || die "could not read Debian's source index from $mirror"
	version=$(apt-cache "${apt_opts[@]}" showsrc busybox 2>/dev/null | awk '/^Version:/ { print $2; exit }')
	[[ -n "$version" ]] || die "busybox source not found at $mirror"
	build="$CACHE_DIR/busybox-musl/$version"
	if [[ -x "$build/busybox" ]]; then
		say "using the cached musl busybox $version" >&2
		echo "$build/busybox"
		return
	fi

	src_dir="$work/busybox-src"
	mkdir -p "$src_dir"
	(cd "$src_dir" && apt-get "${apt_opts[@]}" source --download-only -qq busybox >/dev/null 2>&1) ||
		die "could not download busybox's source from $mirror"
	if command -v dpkg-source >/dev/null 2>&1; then
		dpkg-source --no-check -x "$src_dir"/busybox_*.dsc "$src_dir/tree" >/dev/null 2>&1
	else
		mkdir -p "$src_dir/tree"
		tar -C "$src_dir/tree" --strip-components=1 -xf "$src_dir"/busybox_*.orig.tar.*
	fi

	# musl-gcc sees musl's headers only; busybox also needs the kernel's.
	kinc="$work/kernel-include"
	mkdir -p "$kinc"
	local d
	for d in linux asm-generic mtd; do [[ -d /usr/include/$d ]] && ln -s "/usr/include/$d" "$kinc/$d"; done
	for d in /usr/include/x86_64-linux-gnu/asm /usr/include/asm; do
		[[ -d $d && ! -e "$kinc/asm" ]] && ln -s "$d" "$kinc/asm"
	done

	say "building busybox $version against musl (make defconfig, musl-gcc)" >&2
	(
		cd "$src_dir/tree"
		make defconfig >/dev/null
		# tc does not build against current kernel headers.
		sed -i -e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' \
			-e 's/^CONFIG_FEATURE_TC_INGRESS=y/# CONFIG_FEATURE_TC_INGRESS is not set/' .config
		make -j"$(nproc)" CC=musl-gcc HOSTCC=gcc EXTRA_CFLAGS="-isystem $kinc" busybox
	) >"$work/busybox-build.log" 2>&1 || {
		tail -n 20 "$work/busybox-build.log" | sed 's/^/  | /' >&2
		die "building busybox against musl failed (log above)"
	}
	mkdir -p "$build"
	install -m 755 "$src_dir/tree/busybox" "$build/busybox"
	echo "$build/busybox"
}

build_musl() {
	local started busybox bb_version musl_version libc rootfs applet
	started=$(now_ms)
	[[ "$(id -u)" == 0 ]] || die "building $MUSL_IMAGE needs root (apt-get); run as root"
	# gcc builds busybox's host tools (so it needs libc6-dev), musl-gcc busybox itself.
	ensure_packages gcc libc6-dev make bzip2 musl-tools linux-libc-dev
	busybox=$(busybox_musl)
	bb_version=$("$busybox" 2>&1 | head -n 1 | awk '{ print $2 }')
	musl_version=$(dpkg-query -W -f='${Version}' musl)
	libc=$(dpkg -L musl | grep -E '/lib/[^/]*-linux-musl/libc\.so$' | head -n 1 || true)
	[[ -n "$libc" && -f "$libc" ]] || die "musl's libc.so not found (is the musl package installed?)"

	rootfs="$work/musl"
	mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,lib,etc,root,home,tmp,var/tmp,var/log,run,proc,sys,dev}
	chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
	chmod 700 "$rootfs/root"
	ln -s /run "$rootfs/var/run"

	# musl: the loader is the libc (as on Alpine), plus Alpine's ldd wrapper.
	install -m 755 "$libc" "$rootfs/lib/ld-musl-x86_64.so.1"
	ln -s ld-musl-x86_64.so.1 "$rootfs/lib/libc.musl-x86_64.so.1"

	install -m 755 "$busybox" "$rootfs/bin/busybox"
	while IFS= read -r applet; do
		[[ "$applet" == */* ]] || continue
		[[ -e "$rootfs/$applet" || -L "$rootfs/$applet" ]] && continue
		mkdir -p "$rootfs/$(dirname "$applet")"
		ln -s /bin/busybox "$rootfs/$applet"
	done < <(/lib/ld-musl-x86_64.so.1 "$rootfs/bin/busybox" --list-full)
	rm -f "$rootfs/usr/bin/ldd"
	printf '#!/bin/sh\nexec /lib/ld-musl-x86_64.so.1 --list "$@"\n' >"$rootfs/usr/bin/ldd"
	chmod 755 "$rootfs/usr/bin/ldd"

	cat >"$rootfs/etc/passwd" <<-'EOF'
		root:x:0:0:root:/root:/bin/sh
		nobody:x:65534:65534:nobody:/:/sbin/nologin
	EOF
	cat >"$rootfs/etc/group" <<-'EOF'
		root:x:0:root
		nobody:x:65534:
	EOF
	cat >"$rootfs/etc/os-release" <<-EOF
		NAME="alpinist musl stand-in"
		ID=alpinist-musl
		ID_LIKE=alpine
		VERSION_ID=1
		PRETTY_NAME="alpinist musl+busybox stand-in (not Alpine: busybox ${bb_version#v} from Debian source, musl ${musl_version})"
	EOF

	tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -c . |
		docker import \
			--change 'CMD ["/bin/sh"]' \
			--change "ENV PATH=$IMAGE_PATH" \
			--change 'LABEL io.alpinist.stand-in=musl-busybox' \
			--change 'LABEL io.alpinist.stand-in.for=alpine:3.20' \
			--message "alpinist stand-in: busybox ${bb_version#v} built against musl ${musl_version}" \
			- "$MUSL_IMAGE" >/dev/null
	say "built $MUSL_IMAGE in $(seconds_since "$started")"
}

# --- main ------------------------------------------------------------------------------------
all_started=$(now_ms)
work=$(mktemp -d /var/tmp/alpinist-base.XXXXXX)
built=()
for image in "$DEBIAN_IMAGE" "$MUSL_IMAGE"; do
	if [[ -z "$rebuild" ]] && image_present "$image"; then
		say "$image present, skipped"
		continue
	fi
	case "$image" in
	"$DEBIAN_IMAGE") build_debian ;;
	"$MUSL_IMAGE") build_musl ;;
	esac
	built+=("$image")
done
for image in "$DEBIAN_IMAGE" "$MUSL_IMAGE"; do
	say "$(printf '%-32s %10s' "$image" "$(image_size "$image")")"
done
say "done in $(seconds_since "$all_started") (${#built[@]} built)"
