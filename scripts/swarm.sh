#!/usr/bin/env bash
# A multi-host Docker Swarm on this one machine, for tests and demos (root, Linux).
#
#   scripts/swarm.sh up [--nodes N] [--name NAME] [--heartbeat 5s] [--data-size 8g | --disk]
#                                                     N private dockerds (default 3), one manager;
#                                                     a short heartbeat finds a dead node sooner
#   scripts/swarm.sh down [--name NAME]               remove everything `up` made (idempotent)
#   scripts/swarm.sh env [--name NAME]                SWARM_MANAGER=… SWARM_NODES=… (shell lines)
#   scripts/swarm.sh status [--name NAME]             the nodes as the manager sees them
#   scripts/swarm.sh kill-node NODE [--name NAME]     SIGKILL every process of one node
#   scripts/swarm.sh start-node NODE [--name NAME]    start a killed node again (it rejoins)
#   scripts/swarm.sh publish IMAGE REPO:TAG [--name NAME]   push a local image into the registry
#
# Each node is a dockerd (with its own managed containerd) in a network namespace of its own,
# named and hostnamed NAME-1 … NAME-N, joined by veth pairs to a bridge on a free /24 (one no
# route here uses). Node 1 is the manager, the others join as workers. A registry (scripts/
# registry.sh, HTTPS with a CA of its own installed in /etc/docker/certs.d) listens on the
# bridge address, so the local engine pushes there and every node pulls from it. The shared
# engine's configuration is never touched. Nodes have no default route: no traffic leaves the
# bridge. Progress goes to stderr; `up` and `env` print the env lines on stdout.
#
# State: /run/alpinist-swarm/NAME (sockets, exec roots, logs), /var/lib/alpinist-swarm/NAME (data
# roots, registry data), cgroups alpinist-swarm/NAME/node-I (each node's processes and containers).
# The data folder is a tmpfs (at most --data-size; its pages count as memory) so that images unpack
# fast and `down` does not wait for a disk to delete them; --disk keeps it on the disk instead.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/swarm/lib.sh
source "$here/swarm/lib.sh"

command=${1:-}
[[ -n "$command" ]] && shift
name=alpinist-swarm
nodes=3
heartbeat=5s
data_size=8g
positional=()
while (($#)); do
	case $1 in
	--name) name=${2:?--name takes a name}; shift 2 ;;
	--nodes) nodes=${2:?--nodes takes a number}; shift 2 ;;
	--heartbeat) heartbeat=${2:?--heartbeat takes a duration}; shift 2 ;;
	--data-size) data_size=${2:?--data-size takes a size like 8g}; shift 2 ;;
	--disk) data_size=''; shift ;;
	-h | --help) command=help; shift ;;
	--*) fail "unknown option $1 (see: $0 --help)" 2 ;;
	*) positional+=("$1"); shift ;;
	esac
done

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

case $command in
up | down | env | status | kill-node | start-node | publish) ;;
help | -h | --help | '') usage; [[ -n "$command" ]] && exit 0 || exit 2 ;;
*) fail "unknown command '$command' (see: $0 --help)" 2 ;;
esac

# kill-node NAME-2 names its swarm too.
if [[ $command == *-node && ${#positional[@]} -ge 1 && $name == alpinist-swarm ]]; then
	[[ "${positional[0]}" =~ ^(.+)-[0-9]+$ ]] && name=${BASH_REMATCH[1]}
fi
set_name "$name"

case $command in
up)
	((${#positional[@]} == 0)) || fail "up takes no arguments" 2
	[[ "$nodes" =~ ^[0-9]+$ ]] && ((nodes >= 1 && nodes <= 20)) || fail "--nodes takes 1 to 20, not '$nodes'" 2
	[[ "$heartbeat" =~ ^[0-9]+(ms|s|m)$ ]] || fail "--heartbeat takes a duration like 2s, not '$heartbeat'" 2
	[[ -z "$data_size" || "$data_size" =~ ^[1-9][0-9]*[kmg]$ ]] || fail "--data-size takes a size like 8g, not '$data_size'" 2
	require_host
	swarm_up "$nodes"
	;;
down)
	require_root
	swarm_down
	;;
env)
	[[ -s "$run/state" ]] || fail "no swarm '$name' is up (start one: $0 up --name $name)" 1
	print_env
	;;
status)
	[[ -s "$run/state" ]] || fail "no swarm '$name' is up" 1
	docker -H "$(manager_host)" node ls
	;;
kill-node)
	((${#positional[@]} == 1)) || fail "usage: $0 kill-node NODE_NAME" 2
	require_root
	kill_node "${positional[0]}"
	;;
start-node)
	((${#positional[@]} == 1)) || fail "usage: $0 start-node NODE_NAME" 2
	require_root
	restart_node "${positional[0]}"
	;;
publish)
	((${#positional[@]} == 2)) || fail "usage: $0 publish LOCAL_IMAGE REPO:TAG" 2
	publish "${positional[0]}" "${positional[1]}"
	;;
esac
