#!/usr/bin/env bash
# Build the offline stand-in base images the sample stack builds on when no image
# registry can be reached. Each is skipped when the engine has it already.
#
#   alpinist-base/debian:bookworm  Debian bookworm minbase (debootstrap) + busybox.
#                                  Stands in for debian:bookworm-slim.
#   alpinist-base/musl:busybox     busybox (Debian's busybox-static) + musl's loader and
#                                  libc (Debian's musl) + a few /etc files, ~3 MB.
#                                  Stands in for alpine:3.20. It is not Alpine and says so
#                                  in /etc/os-release (ID=alpinist-musl, ID_LIKE=alpine).
#
# Usage: scripts/base-images.sh [--rebuild]
# Environment:
#   ALPINIST_DEBIAN_MIRROR  Debian mirror for debootstrap (default: the machine's apt
#                           sources serving bookworm, else http://deb.debian.org/debian)
#   ALPINIST_CACHE_DIR      where debootstrap keeps downloaded packages
#                           (default /var/cache/alpinist)
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

# ensure_tool PACKAGE COMMAND: install PACKAGE with apt-get when COMMAND is missing.
ensure_tool() {
	local package=$1 command=$2
	command -v "$command" >/dev/null 2>&1 && return 0
	[[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1 ||
		die "$command is missing: install the $package package (Debian/Ubuntu) and run this again"
	apt_update_once
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null
	say "installed $package (apt-get)"
}

# package_root PACKAGE: a directory holding PACKAGE's files. The installed files when the
# package is installed, else the .deb fetched with apt-get download and unpacked (the
# machine's packages stay as they are: busybox-static would replace a busybox package).
package_root() {
	local package=$1 dir deb
	if package_installed "$package"; then
		echo /
		return
	fi
	dir="$work/pkg-$package"
	mkdir -p "$dir"
	apt_update_once
	(cd "$work" && apt-get download -qq "$package" >/dev/null 2>&1) ||
		die "could not fetch the $package package with apt-get download"
	deb=$(ls "$work/${package}"_*.deb | head -n 1)
	dpkg-deb -x "$deb" "$dir"
	say "fetched $package $(dpkg-deb -f "$deb" Version) with apt-get download (unpacked for the image, not installed)" >&2
	echo "$dir"
}

package_version() {
	local deb
	if package_installed "$1"; then
		dpkg-query -W -f='${Version}' "$1"
	else
		deb=$(ls "$work/${1}"_*.deb | head -n 1)
		dpkg-deb -f "$deb" Version
	fi
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
	ensure_tool debootstrap debootstrap
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
build_musl() {
	local started bb_root musl_root rootfs applet bb_version musl_version libc
	started=$(now_ms)
	bb_root=$(package_root busybox-static)
	musl_root=$(package_root musl)
	bb_version=$(package_version busybox-static)
	musl_version=$(package_version musl)
	libc=$(find "$musl_root/lib/" "$musl_root/usr/lib/" -path '*-linux-musl/libc.so' -type f 2>/dev/null | head -n 1 || true)
	[[ -n "$libc" ]] || die "musl's libc.so not found in the musl package"
	[[ -x "$bb_root/bin/busybox" ]] || die "busybox not found in the busybox-static package"

	rootfs="$work/musl"
	mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,lib,etc,root,home,tmp,var/tmp,var/log,run,proc,sys,dev}
	chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
	chmod 700 "$rootfs/root"
	ln -s /run "$rootfs/var/run"

	install -m 755 "$bb_root/bin/busybox" "$rootfs/bin/busybox"
	while IFS= read -r applet; do
		[[ "$applet" == */* ]] || continue
		[[ -e "$rootfs/$applet" || -L "$rootfs/$applet" ]] && continue
		mkdir -p "$rootfs/$(dirname "$applet")"
		ln -s /bin/busybox "$rootfs/$applet"
	done < <("$rootfs/bin/busybox" --list-full)

	# musl: the loader is the libc (as on Alpine), plus Alpine's ldd wrapper.
	install -m 755 "$libc" "$rootfs/lib/ld-musl-x86_64.so.1"
	ln -s ld-musl-x86_64.so.1 "$rootfs/lib/libc.musl-x86_64.so.1"
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
	printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
	cat >"$rootfs/etc/os-release" <<-EOF
		NAME="alpinist musl stand-in"
		ID=alpinist-musl
		ID_LIKE=alpine
		VERSION_ID=1
		PRETTY_NAME="alpinist musl+busybox stand-in (not Alpine: Debian busybox-static ${bb_version}, musl ${musl_version})"
	EOF

	tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -c . |
		docker import \
			--change 'CMD ["/bin/sh"]' \
			--change "ENV PATH=$IMAGE_PATH" \
			--change 'LABEL io.alpinist.stand-in=musl-busybox' \
			--change 'LABEL io.alpinist.stand-in.for=alpine:3.20' \
			--message "alpinist stand-in: busybox (Debian busybox-static ${bb_version}) + musl ${musl_version}" \
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
