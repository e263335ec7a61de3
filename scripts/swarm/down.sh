# shellcheck shell=bash
# `scripts/swarm.sh down`: remove every trace of one swarm, also after a crashed `up` (sourced).

# The node numbers anything of this swarm still exists for: dirs, namespaces, cgroups, veths.
known_nodes() {
	{
		local d
		for d in "$run"/node-* "$cg_dir"/node-*; do [[ -e "$d" ]] && printf '%s\n' "${d##*/node-}"; done
		ip netns list 2>/dev/null | awk '{print $1}' | sed -n "s/^$name-\([0-9][0-9]*\)\$/\1/p"
		ip -o link show 2>/dev/null | sed -n "s/^[0-9]*: $bridge-\([0-9][0-9]*\)[@:].*/\1/p"
	} | sort -un
}

# The pid of node I's dockerd, only when that process is a dockerd in node I's cgroup (a pid file
# can outlive its process, and the pid can be taken by another engine's dockerd).
node_dockerd() {
	local pid
	pid=$({ tr -dc "0-9" <"$run/node-$1/dockerd.pid"; } 2>/dev/null || true)
	[[ -n "$pid" && "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]] || return 0
	grep -qF ":/$cg_rel/$name/node-$1/daemon" "/proc/$pid/cgroup" 2>/dev/null && printf '%s' "$pid"
	return 0
}

# Mount points under this swarm's folders (data roots, exec roots), deepest first.
our_mounts() {
	awk -v run="$run/" -v data="$data/" \
		'index($5, run) == 1 || index($5, data) == 1 || $5 == substr(run, 1, length(run) - 1) || $5 == substr(data, 1, length(data) - 1) {print $5}' \
		/proc/self/mountinfo | sort -r
}

swarm_down() {
	local started=$SECONDS nodes i pid
	nodes=$(known_nodes)
	if [[ -z "$nodes" && ! -e "$run" && ! -e "$data" && ! -d "$cg_dir" ]] && ! ip link show "$bridge" >/dev/null 2>&1 &&
		! iptables -C "${rule[@]}" 2>/dev/null; then
		say "nothing of swarm '$name' is here"
		return 0
	fi
	# shellcheck disable=SC2086
	say "removing swarm '$name'${nodes:+ (nodes: $(echo $nodes))}"

	# Containers first (SIGKILL: nothing to keep), then each dockerd with SIGTERM, so that it
	# and its containerd and shims end cleanly; whatever is left after a few seconds is killed.
	for i in $nodes; do
		note_shim_sockets "$i" 2>/dev/null || true
		if [[ -d "$cg_dir/node-$i/ctr" ]]; then
			pid=$(find "$cg_dir/node-$i/ctr" -name cgroup.procs -exec cat {} + 2>/dev/null || true)
			# shellcheck disable=SC2086
			[[ -n "$pid" ]] && kill -9 $pid 2>/dev/null || true
		fi
		pid=$(node_dockerd "$i")
		[[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true
	done
	# The registry keeps its pid file and data in the data folder: stop it (meanwhile) before that goes.
	local registry_stop=''
	if [[ -d "$data/registry" ]]; then
		bash "$here/registry.sh" stop --dir "$data/registry" >/dev/null 2>&1 &
		registry_stop=$!
	fi
	local tries busy
	for ((tries = 0; tries < 80; tries++)); do
		busy=0
		for i in $nodes; do
			[[ -n "$(node_dockerd "$i")" ]] && busy=1
		done
		((busy)) || break
		sleep 0.1
	done
	local killed=0
	for i in $nodes; do killed=$((killed + $(kill_node_pids "$i"))); done
	((killed)) && say "killed $killed processes that were still running"

	[[ -n "$registry_stop" ]] && { wait "$registry_stop" || true; }
	local rest
	rest=$(kill_cgroup_pids "$cg_dir")
	((rest)) && say "killed $rest more processes of swarm '$name'"

	# Mounts left by killed processes (overlay roots, netns handles, shm) go before any rm.
	local mount_point
	for ((tries = 0; tries < 5; tries++)); do
		busy=0
		while read -r mount_point; do
			[[ -n "$mount_point" ]] || continue
			busy=1
			umount -l "$mount_point" 2>/dev/null || true
		done < <(our_mounts)
		((busy)) || break
	done

	for i in $nodes; do
		ip netns del "$name-$i" 2>/dev/null || true
		ip link del "$bridge-$i" 2>/dev/null || true
	done
	ip link del "$bridge" 2>/dev/null || true
	while iptables -C "${rule[@]}" 2>/dev/null; do iptables -D "${rule[@]}"; done


	if [[ -s "$run/shim-sockets" ]]; then
		local socket
		while read -r socket; do
			[[ "$socket" =~ ^/run/containerd/s/[0-9a-f]{64}$ ]] && rm -f "$socket"
		done <"$run/shim-sockets"
	fi

	# The cgroups: ours in the pids hierarchy, and those dockerd made for containers in every one.
	local hierarchy
	for hierarchy in /sys/fs/cgroup/*/"$cg_rel"/"$name" /sys/fs/cgroup/"$cg_rel"/"$name"; do
		[[ -d "$hierarchy" ]] || continue
		find "$hierarchy" -depth -type d -exec rmdir {} + 2>/dev/null || true
		rmdir "$(dirname "$hierarchy")" 2>/dev/null || true
	done

	if [[ -n "$(our_mounts)" ]]; then
		fail "mounts under $run or $data are still there; not deleting those folders: $(our_mounts | tr '\n' ' ')" 1
	fi
	rm -rf "$run" "$data"
	rmdir /run/alpinist-swarm /var/lib/alpinist-swarm 2>/dev/null || true
	leftovers
	say "swarm '$name' removed ($((SECONDS - started))s)"
}

# Exit 1 and say what, when anything of this swarm is still there.
leftovers() {
	local left=()
	[[ -n "$(known_nodes)" ]] && left+=("nodes $(known_nodes | tr '\n' ' ')")
	ip link show "$bridge" >/dev/null 2>&1 && left+=("bridge $bridge")
	iptables -C "${rule[@]}" 2>/dev/null && left+=("iptables rule")
	[[ -e "$run" || -e "$data" ]] && left+=("folders")
	compgen -G "/sys/fs/cgroup/*/$cg_rel/$name" >/dev/null && left+=("cgroups")
	((${#left[@]} == 0)) || fail "could not remove all of swarm '$name': ${left[*]}" 1
}
