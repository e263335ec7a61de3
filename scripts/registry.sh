#!/usr/bin/env bash
# A local image registry (the distribution registry server from Debian's `docker-registry`
# package), for tag look-ups, pushed images' compressed sizes and Swarm nodes.
#
#   scripts/registry.sh start [--addr HOST:PORT] [--dir DIR] [--tls]   start one (or reuse the one answering there)
#   scripts/registry.sh stop  [--dir DIR]                              stop the one started with that DIR
#   scripts/registry.sh status [--addr HOST:PORT] [--dir DIR --tls]     exit 0 when a registry answers there
#
# It listens only where it is told: 127.0.0.1:5000 by default (the engine trusts 127.0.0.0/8 as an
# insecure registry, so no daemon flag is needed). It never uses the package's own config, which
# listens on every interface. Its config, data, log and pid file live in DIR
# (default $ALPINIST_REGISTRY_DIR or /var/lib/alpinist-registry). Installs the package when
# missing (root, Debian/Ubuntu). The last line printed by `start` is `registry: HOST:PORT`.
#
# --tls serves HTTPS with a certificate for HOST signed by a CA made for DIR (openssl, in DIR/tls),
# and installs that CA as /etc/docker/certs.d/HOST:PORT/ca.crt, which every dockerd on this machine
# reads per request: engines then push to and pull from a non-loopback address without
# --insecure-registry and without a restart. `stop --dir DIR` removes that certs.d entry again.
set -euo pipefail

say() { printf 'registry: %s\n' "$*" >&2; }
fail() {
	printf 'registry: %s\n' "$1" >&2
	exit "${2:-1}"
}

command=${1:-}
[[ -n "$command" ]] && shift
addr=127.0.0.1:5000
dir=${ALPINIST_REGISTRY_DIR:-/var/lib/alpinist-registry}
timeout_s=${ALPINIST_REGISTRY_TIMEOUT:-20}
tls=0
while (($#)); do
	case $1 in
	--addr) addr=${2:?--addr takes HOST:PORT}; shift 2 ;;
	--dir) dir=${2:?--dir takes a directory}; shift 2 ;;
	--tls) tls=1; shift ;;
	*) fail "unknown option $1 (see the header of this script)" 2 ;;
	esac
done
[[ "$addr" =~ ^[0-9A-Za-z.:-]+:[0-9]+$ ]] || fail "--addr takes HOST:PORT, not '$addr'" 2

certs_d=${ALPINIST_DOCKER_CERTS_D:-/etc/docker/certs.d}

answers() {
	if ((tls)); then
		curl -fsS --max-time 2 --cacert "$dir/tls/ca.crt" -o /dev/null "https://$1/v2/" 2>/dev/null
	else
		curl -fsS --max-time 2 -o /dev/null "http://$1/v2/" 2>/dev/null
	fi
}

# A CA of this DIR and a server certificate for the host of --addr (an IP or a name), once.
make_tls() {
	local host=${addr%:*} san
	command -v openssl >/dev/null 2>&1 || fail "--tls needs openssl"
	mkdir -p "$dir/tls"
	if [[ ! -s "$dir/tls/server.crt" || "$(cat "$dir/tls/host" 2>/dev/null)" != "$host" ]]; then
		if [[ "$host" =~ ^[0-9.]+$ ]]; then san="IP:$host"; else san="DNS:$host"; fi
		(
			cd "$dir/tls"
			openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=alpinist test registry CA" \
				-keyout ca.key -out ca.crt
			openssl req -newkey rsa:2048 -nodes -subj "/CN=$host" -keyout server.key -out server.csr
			printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$san" >server.ext
			openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 7 \
				-extfile server.ext -out server.crt
		) >/dev/null 2>&1 || fail "openssl could not make a certificate for $host"
		printf '%s' "$host" >"$dir/tls/host"
	fi
	mkdir -p "$certs_d/$addr"
	cp "$dir/tls/ca.crt" "$certs_d/$addr/ca.crt"
	printf '%s\n' "$certs_d/$addr" >"$dir/certs-d"
}

pid_alive() {
	local pid
	pid=$(tr -dc '0-9' 2>/dev/null <"$dir/registry.pid" || true)
	# Right after the start the process may still be setsid, about to exec the server.
	[[ -n "$pid" ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" =~ ^(docker-registry|setsid)$ ]] && printf '%s' "$pid"
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
	((tls)) && make_tls
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
	if ((tls)); then
		printf '  tls:\n    certificate: %s\n    key: %s\n' "$dir/tls/server.crt" "$dir/tls/server.key" >>"$dir/config.yml"
	fi
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
	if [[ -s "$dir/certs-d" ]]; then
		entry=$(cat "$dir/certs-d")
		# Only an entry this script made: a certs.d/HOST:PORT folder holding nothing but our CA.
		if [[ "$entry" == "$certs_d"/* && -d "$entry" ]] && cmp -s "$entry/ca.crt" "$dir/tls/ca.crt"; then
			rm -f "$entry/ca.crt"
			rmdir "$entry" 2>/dev/null || true
			rmdir "$certs_d" 2>/dev/null || true
			say "removed $entry"
		fi
		rm -f "$dir/certs-d"
	fi
	;;
status)
	answers "$addr" || fail "no registry answers at $addr"
	say "a registry answers at $addr"
	;;
*)
	fail "usage: $0 start|stop|status [--addr HOST:PORT] [--dir DIR]" 2
	;;
esac
