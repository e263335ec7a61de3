# shellcheck shell=bash
# Names, paths, the network and the node processes of one swarm of scripts/swarm.sh (sourced).

say() { printf 'swarm: %s\n' "$*" >&2; }
fail() {
	printf 'swarm: %s\n' "$1" >&2
	exit "${2:-1}"
}

registry_port=5000
cg_rel=alpinist-swarm

# Everything of a swarm is derived from its name, so `down` finds it after a crash as well.
set_name() {
	name=$1
	[[ "$name" =~ ^[a-z][a-z0-9-]{0,30}[a-z0-9]$ ]] ||
		fail "--name takes 2 to 32 of a-z 0-9 '-' (starting with a letter), not '$name'" 2
	run=/run/alpinist-swarm/$name
	data=/var/lib/alpinist-swarm/$name
	local hash
	hash=$(printf '%s' "$name" | sha1sum | cut -c1-8)
	bridge=asw$hash # interface names have at most 15 characters; veths are $bridge-I
	if [[ -d /sys/fs/cgroup/pids ]]; then cg_dir=/sys/fs/cgroup/pids/$cg_rel/$name; else cg_dir=/sys/fs/cgroup/$cg_rel/$name; fi
	rule=(FORWARD -i "$bridge" -o "$bridge" -m comment --comment "alpinist-swarm $name" -j ACCEPT)
}

require_root() { [[ "$(id -u)" == 0 ]] || fail "this needs root (network namespaces, dockerd)" 1; }

require_host() {
	require_root
	[[ "$(uname -s)" == Linux ]] || fail "this needs Linux (network namespaces)" 1
	local tool
	for tool in ip nsenter unshare dockerd docker curl iptables openssl sha256sum flock; do
		command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is not installed" 1
	done
	ip netns list >/dev/null 2>&1 || fail "'ip netns' does not work here" 1
}

load_state() {
	[[ -s "$run/state" ]] || return 1
	subnet=$(sed -n 's/^subnet=//p' "$run/state")
	count=$(sed -n 's/^nodes=//p' "$run/state")
	[[ "$subnet" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ && "$count" =~ ^[0-9]+$ ]]
}

node_host() { printf 'unix://%s/node-%s/docker.sock' "$run" "$1"; }
manager_host() { node_host 1; }
registry_addr() { printf '%s.1:%s' "$subnet" "$registry_port"; }

print_env() {
	load_state || fail "the state of swarm '$name' ($run/state) is unreadable" 1
	local i hosts=() names=()
	for ((i = 1; i <= count; i++)); do
		hosts+=("$(node_host "$i")")
		names+=("$name-$i")
	done
	printf 'SWARM_NAME=%s\n' "$name"
	printf 'SWARM_MANAGER=%s\n' "$(manager_host)"
	printf 'SWARM_NODES="%s"\n' "${hosts[*]}"
	printf 'SWARM_NODE_NAMES="%s"\n' "${names[*]}"
	printf 'SWARM_REGISTRY=%s\n' "$(registry_addr)"
}

ip2int() {
	local a b c d
	IFS=. read -r a b c d <<<"$1"
	printf '%s' $(((a << 24) | (b << 16) | (c << 8) | d))
}

# A /24 in 198.18.0.0/15 (reserved for network tests) that overlaps no route or address here.
free_subnet() {
	local used=() prefix k candidate start
	while read -r prefix; do used+=("$prefix"); done < <(
		{ ip -4 route show table all; ip -4 -o addr show | awk '{print $4}'; } |
			grep -oE '(^|[[:space:]])[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+(/[0-9]+)?' | tr -d ' \t'
	)
	start=$((0x$(printf '%s' "$name" | sha1sum | cut -c1-4) % 256))
	for ((k = 0; k < 512; k++)); do
		local n=$(((start + k) % 512))
		candidate=198.$((18 + n / 256)).$((n % 256))
		overlaps "$candidate.0/24" "${used[@]}" || { printf '%s' "$candidate"; return 0; }
	done
	return 1
}

overlaps() {
	local net=${1%/*} len=${1#*/} other olen l mask a b
	shift
	a=$(ip2int "$net")
	for other in "$@"; do
		olen=32
		[[ "$other" == */* ]] && olen=${other#*/}
		b=$(ip2int "${other%/*}")
		l=$((len < olen ? len : olen))
		((l == 0)) && continue # a default route does not claim an address range
		mask=$(((0xffffffff << (32 - l)) & 0xffffffff))
		(((a & mask) == (b & mask))) && return 0
	done
	return 1
}

# The bridge, and per node a network namespace with a veth (eth0) on it; the caller holds the lock.
make_network() {
	local i
	ip link add "$bridge" type bridge
	ip addr add "$subnet.1/24" dev "$bridge"
	ip link set "$bridge" up
	# Bridged frames pass the host's FORWARD chain (br_netfilter); let them cross this bridge only.
	iptables -C "${rule[@]}" 2>/dev/null || iptables -I "${rule[@]}"
	for ((i = 1; i <= count; i++)); do
		ip netns add "$name-$i"
		ip link add "$bridge-$i" type veth peer name eth0 netns "$name-$i"
		ip link set "$bridge-$i" master "$bridge" up
		ip -n "$name-$i" addr add "$subnet.$((10 + i))/24" dev eth0
		ip -n "$name-$i" link set eth0 up
		ip -n "$name-$i" link set lo up
	done
}

# dockerd (and the containerd it manages) in the node's network namespace and a UTS namespace
# with the node's hostname; all its processes in cgroup node-I/daemon, its containers under
# node-I/ctr, so every process of a node can be found and killed.
start_node() {
	local i=$1 dir=$run/node-$1
	mkdir -p "$dir/exec" "$data/node-$i" "$cg_dir/node-$i/daemon"
	printf '{}\n' >"$dir/daemon.json"
	setsid env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8 \
		nsenter --net="/var/run/netns/$name-$i" -- unshare --uts -- \
		sh -c 'echo $$ >"$1" && hostname "$2" && shift 2 && exec "$@"' node-start \
		"$cg_dir/node-$i/daemon/cgroup.procs" "$name-$i" \
		dockerd --config-file "$dir/daemon.json" \
		--host "unix://$dir/docker.sock" \
		--data-root "$data/node-$i" \
		--exec-root "$dir/exec" \
		--pidfile "$dir/dockerd.pid" \
		--cgroup-parent "/$cg_rel/$name/node-$i/ctr" \
		--shutdown-timeout 2 \
		>"$dir/dockerd.log" 2>&1 </dev/null &
}

node_answers() { curl -fsS --max-time 2 --unix-socket "$run/node-$1/docker.sock" -o /dev/null http://node/_ping 2>/dev/null; }

# Every process of node I (dockerd, containerd, shims, containers), from its cgroups.
node_pids() {
	[[ -d "$cg_dir/node-$1" ]] || return 0
	find "$cg_dir/node-$1" -name cgroup.procs -exec cat {} + 2>/dev/null || true
}

# A containerd shim's socket lives in /run/containerd/s/ under a hash of its containerd address,
# namespace and id; a SIGKILLed shim leaves it behind, so note those of node I before a kill.
note_shim_sockets() {
	local pid args address ns id k
	for pid in $(node_pids "$1"); do
		[[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == containerd-shim* ]] || continue
		mapfile -d '' -t args <"/proc/$pid/cmdline" 2>/dev/null || continue
		address='' ns='' id=''
		for ((k = 0; k < ${#args[@]} - 1; k++)); do
			case ${args[k]} in
			-address) address=${args[k + 1]} ;;
			-namespace) ns=${args[k + 1]} ;;
			-id) id=${args[k + 1]} ;;
			esac
		done
		[[ -n "$address" && -n "$ns" && -n "$id" ]] || continue
		printf '/run/containerd/s/%s\n' "$(printf '%s/%s/%s' "$address" "$ns" "$id" | sha256sum | cut -d' ' -f1)"
	done >>"$run/shim-sockets"
}

# SIGKILL every process of node I until none is left; prints how many there were.
kill_node_pids() { kill_cgroup_pids "$cg_dir/node-$1"; }

# SIGKILL every process in a cgroup and the ones below it until none is left; prints how many.
kill_cgroup_pids() {
	local dir=$1 pids total=0 tries
	for ((tries = 0; tries < 50; tries++)); do
		pids=$([[ -d "$dir" ]] && find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null || true)
		[[ -z "$pids" ]] && break
		total=$((total + $(wc -w <<<"$pids")))
		# shellcheck disable=SC2086
		kill -9 $pids 2>/dev/null || true
		sleep 0.1
	done
	printf '%s' "$total"
}

node_index() { # NODE_NAME → I, or fail
	[[ "$1" =~ ^$name-([0-9]+)$ ]] || fail "no node '$1' in swarm '$name' (its nodes are $name-1 …)" 2
	[[ -d "$run/node-${BASH_REMATCH[1]}" ]] || fail "swarm '$name' has no node $1" 2
	printf '%s' "${BASH_REMATCH[1]}"
}

kill_node() {
	local node=$1 i
	i=$(node_index "$node")
	note_shim_sockets "$i"
	local killed
	killed=$(kill_node_pids "$i")
	: >"$run/node-$i/killed"
	say "killed $node ($killed processes: dockerd, containerd, shims, containers)"
}

# A killed node boots again with its data root: dockerd cleans up after itself and the node rejoins.
restart_node() {
	local node=$1 i tries
	i=$(node_index "$node")
	load_state || fail "no swarm '$name' is up" 1
	if node_answers "$i"; then
		say "$node runs already"
		return 0
	fi
	[[ -z "$(node_pids "$i")" ]] || fail "$node does not answer but has processes; kill it first: $0 kill-node $node" 1
	rm -f "$run/node-$i/killed" "$run/node-$i/dockerd.pid" "$run/node-$i/docker.sock"
	start_node "$i"
	for ((tries = 0; tries < 600; tries++)); do
		node_answers "$i" && break
		sleep 0.1
	done
	node_answers "$i" || fail "$node's dockerd does not answer; see $run/node-$i/dockerd.log" 1
	for ((tries = 0; tries < 600; tries++)); do
		[[ "$(docker -H "$(manager_host)" node inspect "$node" --format '{{.Status.State}}' 2>/dev/null)" == ready ]] && break
		sleep 0.1
	done
	say "started $node again ($(docker -H "$(manager_host)" node inspect "$node" --format '{{.Status.State}}' 2>/dev/null || echo 'state unknown'))"
}

publish() {
	local image=$1 ref=$2
	[[ "$ref" =~ ^[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$ ]] ||
		fail "REPO:TAG takes a repository path and an optional tag, not '$ref'" 2
	[[ "$ref" == *:* ]] || ref=$ref:latest
	load_state || fail "no swarm '$name' is up" 1
	local target
	target=$(registry_addr)/$ref
	# From the engine that builds (the local one), even when DOCKER_HOST points at this swarm.
	[[ "${DOCKER_HOST:-}" == "unix://$run/"* ]] && unset DOCKER_HOST
	docker image inspect "$image" >/dev/null 2>&1 || fail "no local image '$image'" 1
	docker tag "$image" "$target"
	if ! docker push "$target" >&2; then
		docker rmi "$target" >/dev/null 2>&1 || true
		fail "could not push $target" 1
	fi
	docker rmi "$target" >/dev/null # the registry holds it now; leave no extra tag behind
	printf '%s\n' "$target"
}

# shellcheck source=scripts/swarm/up.sh
source "$(dirname "${BASH_SOURCE[0]}")/up.sh"
# shellcheck source=scripts/swarm/down.sh
source "$(dirname "${BASH_SOURCE[0]}")/down.sh"
