# shellcheck shell=bash
# `scripts/swarm.sh up`: network, registry, dockerds, swarm init and join (sourced by lib.sh).

# One `up` at a time checks the name, picks a subnet and claims it with its bridge's route.
if [[ -d /run/lock ]]; then lock_file=/run/lock/alpinist-swarm.lock; else lock_file=/run/alpinist-swarm.lock; fi

wait_for() { # SECONDS DESCRIPTION COMMAND…
	local seconds=$1 what=$2 tries
	shift 2
	for ((tries = 0; tries < seconds * 10; tries++)); do
		"$@" && return 0
		sleep 0.1
	done
	say "timed out after ${seconds}s waiting for $what"
	return 1
}

all_ready() {
	local ready
	ready=$(docker -H "$(manager_host)" node ls --format '{{.Status}}' 2>/dev/null | grep -c '^Ready$' || true)
	((ready == count))
}

show_logs() {
	local i
	for ((i = 1; i <= count; i++)); do
		[[ -s "$run/node-$i/dockerd.log" ]] || continue
		say "last lines of $name-$i's dockerd.log:"
		grep -v 'level=info' "$run/node-$i/dockerd.log" | tail -n 8 | sed 's/^/  | /' >&2 || true
	done
}

swarm_up() {
	count=$1
	local started=$SECONDS
	if load_state; then
		((count == $1)) || fail "swarm '$name' is up with $count nodes, not $1; remove it first: $0 down --name $name" 1
		local i alive=1
		for ((i = 1; i <= count; i++)); do node_answers "$i" || alive=0; done
		if ((alive)) && all_ready; then
			say "swarm '$name' is up already ($count nodes)"
			print_env
			return 0
		fi
		fail "swarm '$name' exists but is not healthy; remove it first: $0 down --name $name" 1
	fi
	exec {lock_fd}>"$lock_file"
	flock "$lock_fd"
	[[ -e "$run" || -e "$data" ]] && fail "leftovers of swarm '$name' are in the way; remove them: $0 down --name $name" 1

	mkdir -p "$run" "$data"
	# From here on a failure or an interrupt removes what was made (ALPINIST_SWARM_KEEP=1 keeps it).
	up_done=0
	trap 'up_exit' EXIT
	interrupted=0
	trap 'interrupted=1; exit 130' INT TERM HUP
	if [[ -n "$data_size" ]]; then
		mount -t tmpfs -o "size=$data_size,mode=0700" "alpinist-swarm-$name" "$data"
	fi

	subnet=$(free_subnet) || fail "no free /24 in 198.18.0.0/15" 1
	printf 'subnet=%s\nnodes=%s\n' "$subnet" "$count" >"$run/state.new"
	make_network
	flock -u "$lock_fd"
	exec {lock_fd}>&-
	say "network: bridge $bridge on $subnet.0/24, nodes $subnet.11 … $subnet.$((10 + count))"

	local i
	for ((i = 1; i <= count; i++)); do start_node "$i"; done
	# The registry in a cgroup of this swarm too, so `down` finds it even without its pid file.
	mkdir -p "$cg_dir/registry"
	(
		echo "$BASHPID" >"$cg_dir/registry/cgroup.procs"
		exec bash "$here/registry.sh" start --addr "$(registry_addr)" --dir "$data/registry" --tls >/dev/null
	)
	say "registry: https://$(registry_addr) (CA in /etc/docker/certs.d/$(registry_addr))"
	for ((i = 1; i <= count; i++)); do
		wait_for 60 "$name-$i's dockerd" node_answers "$i" || exit 1
	done
	say "$count dockerds answer ($((SECONDS - started))s)"

	local manager token
	manager=$(manager_host)
	docker -H "$manager" swarm init --advertise-addr "$subnet.11" --listen-addr "$subnet.11:2377" \
		--dispatcher-heartbeat "$heartbeat" >/dev/null
	token=$(docker -H "$manager" swarm join-token -q worker)
	local pids=()
	for ((i = 2; i <= count; i++)); do
		docker -H "$(node_host "$i")" swarm join --token "$token" --advertise-addr "$subnet.$((10 + i))" \
			--listen-addr "$subnet.$((10 + i)):2377" "$subnet.11:2377" >/dev/null &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || fail "a worker could not join" 1; done
	wait_for 60 "$count Ready nodes" all_ready || exit 1
	mv "$run/state.new" "$run/state"
	up_done=1
	say "swarm '$name' is up: $count nodes Ready, manager $name-1 ($((SECONDS - started))s)"
	print_env
}

up_exit() {
	local status=$?
	((up_done)) && return 0
	trap - EXIT INT TERM HUP
	if ((interrupted)); then
		say "up interrupted"
	else
		say "up failed"
		show_logs
	fi
	if [[ "${ALPINIST_SWARM_KEEP:-}" == 1 ]]; then
		say "kept everything for a look (ALPINIST_SWARM_KEEP=1); remove it with: $0 down --name $name"
	else
		say "removing what was made"
		swarm_down || true
	fi
	((status == 0)) && status=1
	exit "$status"
}
