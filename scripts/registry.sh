#!/usr/bin/env bash
# A local image registry (the distribution registry server from Debian's `docker-registry`
# package), for tag look-ups, pushed images' compressed sizes and Swarm nodes.
#
#   scripts/registry.sh start [--addr HOST:PORT] [--dir DIR]   start one (or reuse the one answering there)
#   scripts/registry.sh stop  [--dir DIR]                      stop the one started with that DIR
#   scripts/registry.sh status [--addr HOST:PORT]              exit 0 when a registry answers there
#
# It listens only where it is told: 127.0.0.1:5000 by default (the engine trusts 127.0.0.0/8 as an
# insecure registry, so no daemon flag is needed). It never uses the package's own config, which
# listens on every interface. Its config, data, log and pid file live in DIR
# (default $ALPINIST_REGISTRY_DIR or /var/lib/alpinist-registry). Installs the package when
# missing (root, Debian/Ubuntu). The last line printed by `start` is `registry: HOST:PORT`.
set -euo pipefail

say() { printf 'registry: %s\n' "$*" >&2; }
fail() {
	printf 'registry: %s\n' "$*" >&2
	exit "${2:-1}"
}

command=${1:-}
[[ -n "$command" ]] && shift
addr=127.0.0.1:5000
dir=${ALPINIST_REGISTRY_DIR:-/var/lib/alpinist-registry}
timeout_s=${ALPINIST_REGISTRY_TIMEOUT:-20}
while (($#)); do
	case $1 in
	--addr) addr=${2:?--addr takes HOST:PORT}; shift 2 ;;
	--dir) dir=${2:?--dir takes a directory}; shift 2 ;;
	*) fail "unknown option $1 (see the header of this script)" 2 ;;
	esac
done
[[ "$addr" =~ ^[0-9A-Za-z.:-]+:[0-9]+$ ]] || fail "--addr takes HOST:PORT, not '$addr'" 2

answers() { curl -fsS --max-time 2 -o /dev/null "http://$1/v2/" 2>/dev/null; }

pid_alive() {
	local pid
	pid=$(tr -dc '0-9' 2>/dev/null <"$dir/registry.pid" || true)
	[[ -n "$pid" ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == docker-registry ]] && printf '%s' "$pid"
}

install_package() {
	command -v docker-registry >/dev/null 2>&1 && return 0
	if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
		fail "docker-registry is not installed; install Debian's docker-registry package (or any distribution registry) and run this again"
	fi
	say "installing docker-registry (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	# The package's service is not started: policy-rc.d or no init system; we start our own below.
	if ! apt-get install -y --no-install-recommends docker-registry >/dev/null 2>&1; then
		apt-get update -qq >/dev/null 2>&1 || true
		apt-get install -y --no-install-recommends docker-registry >/dev/null 2>&1 ||
			fail "apt-get could not install docker-registry"
	fi
}

case $command in
start)
	if answers "$addr"; then
		say "a registry answers at $addr already, nothing to do"
		printf 'registry: %s\n' "$addr"
		exit 0
	fi
	install_package
	mkdir -p "$dir/data"
	if pid=$(pid_alive); then
		fail "the registry started in $dir (pid $pid) does not answer at $addr; stop it first: $0 stop --dir $dir"
	fi
	cat >"$dir/config.yml" <<-EOF
	version: 0.1
	log:
	  level: warn
	  accesslog:
	    disabled: true
	storage:
	  filesystem:
	    rootdirectory: $dir/data
	  delete:
	    enabled: true
	http:
	  addr: $addr
	EOF
	# Detached, in a session of its own, so it outlives this script and its caller's terminal.
	setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
	echo $! >"$dir/registry.pid"
	for ((i = 0; i < timeout_s * 10; i++)); do
		if answers "$addr"; then
			say "started docker-registry (pid $(cat "$dir/registry.pid")) on $addr, data in $dir/data"
			printf 'registry: %s\n' "$addr"
			exit 0
		fi
		pid_alive >/dev/null || break
		sleep 0.1
	done
	say "docker-registry did not answer at $addr; last lines of $dir/registry.log:"
	tail -n 15 "$dir/registry.log" 2>/dev/null | sed 's/^/  | /' >&2 || true
	exit 1
	;;
stop)
	if pid=$(pid_alive); then
		kill "$pid" 2>/dev/null || true
		for ((i = 0; i < 50; i++)); do
			[[ -d /proc/$pid ]] || break
			sleep 0.1
		done
		[[ -d /proc/$pid ]] && kill -9 "$pid" 2>/dev/null || true
		say "stopped docker-registry (pid $pid)"
	else
		say "no registry of $dir runs, nothing to do"
	fi
	rm -f "$dir/registry.pid"
	;;
status)
	answers "$addr" || fail "no registry answers at $addr"
	say "a registry answers at $addr"
	;;
*)
	fail "usage: $0 start|stop|status [--addr HOST:PORT] [--dir DIR]" 2
	;;
esac
