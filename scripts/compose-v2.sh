#!/usr/bin/env bash
# Install Docker Compose v2 (`docker compose`) as a Docker CLI plugin, from Debian's
# docker-compose 2.x package (Debian 13 "trixie" ships it as a Go binary), so that the
# project can be tested under both Compose versions. Compose v1 (`docker-compose`, e.g.
# Debian 12's 1.29) is left exactly as it is: nothing outside the plugin file is written.
#
#   1. `docker compose version` already answers 2.x: say so, exit 0 (unless --force).
#   2. Otherwise read the trixie index through a private apt configuration (a temporary
#      source list, lists and cache: the machine's apt sources stay as they are),
#      `apt-get download docker-compose` (apt checks the signature and the checksum),
#      take the plugin binary out of the .deb, check that it runs, and install it as
#      $PLUGIN_DIR/docker-compose.
#
# Fails softly: when the package cannot be had (no apt, no mirror, no such package) it
# prints a warning and exits 0, so a test run goes on and the Compose v2 tests skip.
# With --strict it exits 1 instead.
#
# Usage: scripts/compose-v2.sh [--strict] [--force]
# Environment:
#   ALPINIST_DEBIAN_MIRROR       Debian mirror (default: the machine's Debian apt source,
#                                else http://deb.debian.org/debian)
#   ALPINIST_COMPOSE_V2_SUITE    Debian suite to take the package from (default trixie)
#   ALPINIST_COMPOSE_PLUGIN_DIR  where to install the plugin (default: as root
#                                /usr/local/lib/docker/cli-plugins, else
#                                ${DOCKER_CONFIG:-~/.docker}/cli-plugins)
set -euo pipefail

readonly SUITE="${ALPINIST_COMPOSE_V2_SUITE:-trixie}"
readonly DEFAULT_MIRROR=http://deb.debian.org/debian
readonly PACKAGE=docker-compose
readonly BINARY_IN_DEB=./usr/libexec/docker/cli-plugins/docker-compose

strict="" force=""
for arg in "$@"; do
	case "$arg" in
	--strict) strict=1 ;;
	--force) force=1 ;;
	*)
		echo "usage: $0 [--strict] [--force]" >&2
		exit 2
		;;
	esac
done

say() { printf 'compose-v2: %s\n' "$*"; }
# give_up REASON: a warning, then exit 0 (1 with --strict).
give_up() {
	printf 'compose-v2: warning: %s; Compose v2 is not installed, its tests will skip\n' "$*" >&2
	[[ -n "$strict" ]] && exit 1
	exit 0
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds_since() { awk -v ms=$(($(now_ms) - $1)) 'BEGIN { printf "%.1f s", ms / 1000 }'; }

plugin_version() { timeout 20 docker compose version --short 2>/dev/null | sed 's/^v//'; }

plugin_dir() {
	if [[ -n "${ALPINIST_COMPOSE_PLUGIN_DIR:-}" ]]; then
		echo "$ALPINIST_COMPOSE_PLUGIN_DIR"
	elif [[ "$(id -u)" == 0 ]]; then
		echo /usr/local/lib/docker/cli-plugins
	else
		echo "${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
	fi
}

# The first Debian archive mirror in the machine's apt sources (one-line and deb822 forms):
# a URI ending in /debian, which serves every suite. Security and third-party sources are
# not archive mirrors.
debian_mirror() {
	if [[ -n "${ALPINIST_DEBIAN_MIRROR:-}" ]]; then
		echo "$ALPINIST_DEBIAN_MIRROR"
		return
	fi
	local mirror=""
	shopt -s nullglob
	local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
	shopt -u nullglob
	if ((${#files[@]})); then
		mirror=$(sed -e 's/#.*//' -e 's/\[[^]]*\]//' "${files[@]}" 2>/dev/null |
			awk '($1 == "deb" && $2 ~ /^https?:\/\/.*\/debian\/?$/) { print $2; exit }
			     ($1 == "URIs:") { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) { print $i; exit } }')
	fi
	echo "${mirror:-$DEFAULT_MIRROR}"
}

command -v docker >/dev/null 2>&1 || give_up "no docker client on PATH (the plugin runs through it)"

installed=$(plugin_version || true)
if [[ -z "$force" && "$installed" == 2.* ]]; then
	say "Compose v2 ${installed} answers as \`docker compose\`; nothing to do"
	exit 0
fi

command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 ||
	give_up "apt-get and dpkg-deb are needed to fetch Debian's $PACKAGE package"

started=$(now_ms)
work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

mirror=$(debian_mirror)
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/download" "$work/root"
echo "deb $mirror $SUITE main" >"$work/sources.list"
: >"$work/status"
# A private source list, lists, cache and (empty) package status: the machine's apt
# configuration and state stay as they are, and the installed v1 package is not a candidate.
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/none"
	-o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Dir::State::status=$work/status"
	-o "APT::Sandbox::User=root" -o "APT::Update::Error-Mode=any"
	-o "Acquire::Retries=2" -o "Acquire::http::Timeout=30" -o "Acquire::Languages=none")

say "reading Debian $SUITE's index from $mirror"
apt-get "${apt_opts[@]}" update -qq >"$work/update.log" 2>&1 ||
	{ sed 's/^/  | /' "$work/update.log" >&2; give_up "could not read Debian $SUITE's index from $mirror"; }
# The newest 2.x version the index has.
candidate=$(apt-cache "${apt_opts[@]}" madison "$PACKAGE" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' |
	grep '^2\.' | sort -V | tail -n 1 || true)
[[ -n "$candidate" ]] || give_up "Debian $SUITE at $mirror has no $PACKAGE 2.x"
(cd "$work/download" && apt-get "${apt_opts[@]}" download -qq "$PACKAGE=$candidate" >"$work/download.log" 2>&1) ||
	{ sed 's/^/  | /' "$work/download.log" >&2; give_up "could not download $PACKAGE $candidate from Debian $SUITE"; }

deb=$(find "$work/download" -name "${PACKAGE}_*.deb" | head -n 1)
[[ -n "$deb" ]] || give_up "apt-get download left no .deb"
version=$(dpkg-deb -f "$deb" Version)
[[ "$version" == 2.* ]] || give_up "Debian $SUITE's $PACKAGE is $version, not Compose v2"

dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/root" "$BINARY_IN_DEB" 2>/dev/null ||
	give_up "$PACKAGE $version has no $BINARY_IN_DEB"
binary="$work/root/$BINARY_IN_DEB"
# Debian builds it as a dynamically linked Go binary (libc6 >= 2.34): make sure it runs here.
"$binary" version >/dev/null 2>&1 ||
	give_up "the $PACKAGE $version binary does not run on this machine (needs glibc >= 2.34): $("$binary" version 2>&1 | head -n 1)"

dir=$(plugin_dir)
mkdir -p "$dir" || give_up "cannot create $dir"
# Copy beside the target and rename: an interrupted run never leaves half a plugin behind.
install -m 0755 "$binary" "$dir/.docker-compose.$$" && mv -f "$dir/.docker-compose.$$" "$dir/docker-compose" ||
	give_up "cannot write $dir/docker-compose"

installed=$(plugin_version || true)
[[ "$installed" == 2.* ]] ||
	give_up "installed $dir/docker-compose but \`docker compose version\` does not answer (does this docker client look in $dir?)"
say "installed Compose v2 ${installed} as $dir/docker-compose in $(seconds_since "$started")"
if command -v docker-compose >/dev/null 2>&1; then
	say "docker-compose (left as it is) is $(docker-compose version --short 2>/dev/null || echo 'present')"
fi
