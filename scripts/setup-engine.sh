#!/usr/bin/env bash
# Make a Docker engine answer, or explain how to get one.
#
#   1. An engine already answers (DOCKER_HOST, the current docker context): say so, exit 0.
#   2. Root on Debian/Ubuntu: install docker.io + docker-compose when missing, clear the
#      stale pid files and sockets an unclean stop leaves behind, start dockerd detached,
#      wait until it answers.
#   3. Anything else: print how to get an engine and exit 3.
#
# Prints one line per thing it did. Safe to run again and again.
#
# Environment:
#   ALPINIST_ENGINE_TIMEOUT   seconds to wait for a started dockerd (default 60)
#   ALPINIST_DOCKERD_LOG      dockerd's log file (default /var/log/alpinist-dockerd.log)
set -euo pipefail

readonly EXIT_NO_ENGINE=3
readonly TIMEOUT="${ALPINIST_ENGINE_TIMEOUT:-60}"
readonly LOG="${ALPINIST_DOCKERD_LOG:-/var/log/alpinist-dockerd.log}"
readonly DOCKERD_PIDFILE=/var/run/docker.pid
readonly CONTAINERD_DIR=/var/run/docker/containerd

say() { printf 'setup-engine: %s\n' "$*"; }
fail() {
	printf 'setup-engine: %s\n' "$*" >&2
	exit "$EXIT_NO_ENGINE"
}

how_to_get_an_engine() {
	cat >&2 <<-'EOF'
	setup-engine: no Docker engine answers, and this script can only start one as root on Debian/Ubuntu.
	setup-engine: to get one, either
	setup-engine:   - install Docker (Docker Desktop, or your distribution's docker.io / Docker CE packages)
	setup-engine:     and start it (e.g. `sudo systemctl start docker`), then run this again; or
	setup-engine:   - point DOCKER_HOST (or `docker context use NAME`) at an engine that answers,
	setup-engine:     e.g. DOCKER_HOST=ssh://user@host or DOCKER_HOST=tcp://host:2376.
	EOF
	exit "$EXIT_NO_ENGINE"
}

# `docker info` honours DOCKER_HOST and the current context. A bounded wait keeps an
# engine that accepts the connection but never answers from hanging us.
engine_version() {
	command -v docker >/dev/null 2>&1 || return 1
	timeout 10 docker info --format '{{.ServerVersion}}' 2>/dev/null
}

engine_endpoint() {
	if [[ -n "${DOCKER_HOST:-}" ]]; then
		printf '%s' "$DOCKER_HOST"
	else
		docker context inspect --format '{{.Endpoints.docker.Host}}' 2>/dev/null || printf 'unix:///var/run/docker.sock'
	fi
}

report_answering() {
	local version=$1 suffix=${2:-}
	say "engine answers at $(engine_endpoint) (Docker ${version})${suffix}"
}

# True when $1 is a live process (not a zombie left for a parent to reap) named $2.
process_is() {
	local pid=$1 name=$2 comm state
	[[ "$pid" =~ ^[0-9]+$ ]] || return 1
	comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
	state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null) || return 1
	[[ "$comm" == "$name" && "$state" != Z && "$state" != X ]]
}

# True when some live dockerd runs on this machine.
dockerd_running() {
	local pid
	for pid in $(pgrep -x dockerd 2>/dev/null); do
		process_is "$pid" dockerd && return 0
	done
	return 1
}

log_tail() {
	printf 'setup-engine: %s. Last lines of %s:\n' "$1" "$LOG"
	tail -n 25 "$LOG" 2>/dev/null | sed 's/^/  | /' || true
}

pid_in() { tr -dc '0-9' <"$1" 2>/dev/null || true; }

# --- 1. an engine answers already -------------------------------------------------------
if version=$(engine_version) && [[ -n "$version" ]]; then
	report_answering "$version" ", nothing to do"
	exit 0
fi

# --- 3. not ours to start -----------------------------------------------------------------
if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]]; then
	fail "DOCKER_HOST=${DOCKER_HOST} does not answer; start that engine, or unset DOCKER_HOST to use a local one"
fi
if command -v docker >/dev/null 2>&1; then
	context=$(docker context inspect --format '{{.Name}}' 2>/dev/null || echo default)
	if [[ "$context" != "default" ]]; then
		fail "the current docker context '${context}' does not answer; start that engine, or switch back with \`docker context use default\` (or unset DOCKER_CONTEXT)"
	fi
fi

os_like=""
if [[ -r /etc/os-release ]]; then
	os_like=$(. /etc/os-release && printf '%s %s' "${ID:-}" "${ID_LIKE:-}")
fi
if [[ "$(id -u)" != 0 || ! " $os_like " =~ [[:space:]](debian|ubuntu)[[:space:]] ]] || ! command -v apt-get >/dev/null 2>&1; then
	how_to_get_an_engine
fi

# --- 2. root on Debian/Ubuntu: install, clean up, start ------------------------------------
missing=()
command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1 || missing+=(docker.io)
if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
	missing+=(docker-compose)
fi
if ((${#missing[@]})); then
	say "installing ${missing[*]} (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	# Keep the packages' maintainer scripts from starting services: we start dockerd ourselves.
	policy_added=""
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		policy_added=1
	fi
	install_ok=1
	apt-get update -qq >/dev/null || install_ok=""
	if [[ -n "$install_ok" ]]; then
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || install_ok=""
	fi
	[[ -n "$policy_added" ]] && rm -f /usr/sbin/policy-rc.d
	[[ -n "$install_ok" ]] || fail "apt-get could not install ${missing[*]}; see the apt-get output above"
	say "installed ${missing[*]}"
fi

# A dockerd that is alive but not answering yet (still starting) is waited for, not doubled.
dockerd_pid=""
if [[ -e "$DOCKERD_PIDFILE" ]]; then
	pid=$(pid_in "$DOCKERD_PIDFILE")
	if [[ -n "$pid" ]] && process_is "$pid" dockerd; then
		dockerd_pid=$pid
		say "dockerd (pid ${pid}) is running but not answering yet; waiting for it"
	else
		rm -f "$DOCKERD_PIDFILE"
		say "removed stale ${DOCKERD_PIDFILE} (pid ${pid:-none} is not a running dockerd)"
	fi
fi

if [[ -z "$dockerd_pid" ]]; then
	# dockerd reuses a managed containerd whose pid file names a live process. A pid file
	# naming a dead (or recycled) pid would make it wait on a containerd that is not there.
	if [[ -e "$CONTAINERD_DIR/containerd.pid" ]]; then
		pid=$(pid_in "$CONTAINERD_DIR/containerd.pid")
		if [[ -n "$pid" ]] && process_is "$pid" containerd; then
			say "reusing the running containerd (pid ${pid})"
		else
			rm -f "$CONTAINERD_DIR/containerd.pid" "$CONTAINERD_DIR"/containerd*.sock "$CONTAINERD_DIR"/containerd.sock.ttrpc
			say "removed stale containerd pid file and sockets (pid ${pid:-none} is gone)"
		fi
	fi
	if [[ -S /var/run/docker.sock ]] && ! dockerd_running; then
		rm -f /var/run/docker.sock
		say "removed stale /var/run/docker.sock"
	fi

	mkdir -p "$(dirname "$LOG")"
	printf '\n=== %s setup-engine starting dockerd ===\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$LOG"
	# A session of its own, no terminal, no inherited descriptors: it outlives this shell.
	setsid -f nohup dockerd </dev/null >>"$LOG" 2>&1
	say "started dockerd in the background (log: ${LOG})"
fi

now_ms() { echo $(($(date +%s%N) / 1000000)); }
started=$(now_ms)
deadline=$((SECONDS + TIMEOUT))
until version=$(engine_version) && [[ -n "$version" ]]; do
	if ((SECONDS >= deadline)); then
		log_tail "dockerd did not answer within ${TIMEOUT}s" >&2
		exit "$EXIT_NO_ENGINE"
	fi
	if (($(now_ms) - started >= 3000)) && ! dockerd_running; then
		log_tail "dockerd exited before it answered" >&2
		exit "$EXIT_NO_ENGINE"
	fi
	sleep 0.25
done
report_answering "$version" " after $(($(now_ms) - started)) ms"
