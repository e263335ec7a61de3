#!/usr/bin/env bash
# Install Podman (Debian's `podman` package, 4.3 in bookworm) so that alpinist can be tested
# against a Podman engine as well as Docker. The shared Docker engine is left exactly as it is:
#
#   - podman's own service is never started here, and never on /var/run/docker.sock: a test
#     starts `podman system service` on a socket of its own (see test/helpers/podman.ts);
#   - podman-docker (which would take the `docker` name) is not installed;
#   - podman's default network must not overlap docker0 (172.17.0.0/16 unless configured
#     otherwise): the script checks both subnets and gives up when they collide.
#
# Fails softly: when podman cannot be had (no apt, no mirror, not root) it prints a warning
# and exits 0, so a test run goes on and the Podman tests skip, saying why. With --strict it
# exits 1 instead. The reason is also written to $ALPINIST_PODMAN_STATUS (default
# /tmp/alpinist-podman.status), where the test reads it to explain the skip.
#
# Usage: scripts/podman.sh [--strict]
set -euo pipefail

strict=""
for arg in "$@"; do
	case "$arg" in
	--strict) strict=1 ;;
	*)
		echo "usage: $0 [--strict]" >&2
		exit 2
		;;
	esac
done

readonly STATUS_FILE="${ALPINIST_PODMAN_STATUS:-/tmp/alpinist-podman.status}"
say() { printf 'podman: %s\n' "$*"; }
give_up() {
	printf 'podman: warning: %s; the Podman tests will skip\n' "$*" >&2
	printf 'unavailable: %s\n' "$*" >"$STATUS_FILE" 2>/dev/null || true
	[[ -n "$strict" ]] && exit 1
	exit 0
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# docker0's subnet as the engine reports it (empty when docker does not answer).
docker_subnet() { timeout 10 docker network inspect bridge --format '{{range .IPAM.Config}}{{.Subnet}}{{end}}' 2>/dev/null || true; }
# The first two octets of a CIDR: enough to tell 10.88/16 from 172.17/16.
prefix16() { printf '%s' "$1" | awk -F'[./]' '{ print $1 "." $2 }'; }

started=$(now_ms)
if ! command -v podman >/dev/null 2>&1 || [[ ! -x /usr/lib/podman/netavark ]]; then
	[[ "$(id -u)" == 0 ]] || give_up "podman is not installed and only root can install it (apt-get install podman)"
	command -v apt-get >/dev/null 2>&1 || give_up "podman is not installed and there is no apt-get to install it"
	export DEBIAN_FRONTEND=noninteractive
	say "installing Debian's podman with netavark and aardvark-dns (service names resolve between containers)"
	if ! apt-get install -y -qq --no-install-recommends podman netavark aardvark-dns >/tmp/alpinist-podman-install.log 2>&1; then
		apt-get update -qq >/dev/null 2>&1 || true
		apt-get install -y -qq --no-install-recommends podman netavark aardvark-dns >/tmp/alpinist-podman-install.log 2>&1 ||
			{ tail -n 5 /tmp/alpinist-podman-install.log | sed 's/^/  | /' >&2; give_up "apt-get could not install podman"; }
	fi
	say "installed in $(awk -v ms=$(($(now_ms) - started)) 'BEGIN { printf "%.1f s", ms / 1000 }')"
fi

version=$(podman --version 2>/dev/null | awk '{ print $NF }')
[[ -n "$version" ]] || give_up "podman is installed but \`podman --version\` does not answer"

# Podman's default network (netavark or CNI) against docker0.
podman_subnet=$(podman network inspect podman --format '{{range .Subnets}}{{.Subnet}}{{end}}' 2>/dev/null || true)
docker0=$(docker_subnet)
if [[ -n "$podman_subnet" && -n "$docker0" && "$(prefix16 "$podman_subnet")" == "$(prefix16 "$docker0")" ]]; then
	give_up "podman's default network $podman_subnet overlaps docker0's $docker0"
fi

# Nothing may listen for podman on the Docker socket.
if [[ -S /var/run/docker.sock ]] && timeout 5 curl -fsS --unix-socket /var/run/docker.sock http://d/version 2>/dev/null | grep -qi '"Podman Engine"'; then
	give_up "/var/run/docker.sock answers as Podman; refusing to go on"
fi

say "podman $version ready (network ${podman_subnet:-unknown}, docker0 ${docker0:-unknown})"
printf 'ok: podman %s\n' "$version" >"$STATUS_FILE" 2>/dev/null || true
