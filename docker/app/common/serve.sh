#!/bin/busybox sh
# Entry point of every sample service: print what this container is, then serve HTTP.
#
# busybox httpd runs CGI only under /cgi-bin/ (or by file suffix), so it cannot answer
# the guide's /health or /api/items paths with a script. Instead busybox nc accepts each
# connection (-ll: keep listening, one forked child per connection; the same flag works
# in Debian's and Alpine's busybox) and hands it to http.sh, a small CGI/1.1 gateway that
# runs the script under /app/cgi-bin named by the request path.
set -u
SERVICE=${SERVICE_NAME:?SERVICE_NAME is not set}
PORT=${PORT:?PORT is not set}

libc=unknown
for f in /lib/ld-musl-*.so.1; do [ -e "$f" ] && libc=musl; done
if [ "$libc" = unknown ]; then
	for f in /lib64/ld-linux-*.so.* /lib/ld-linux*.so.* /lib/*-linux-gnu/libc.so.6; do
		[ -e "$f" ] && libc=glibc
	done
fi
export ALPINIST_LIBC=$libc

os="unknown OS"
if [ -r /etc/os-release ]; then
	os=$(. /etc/os-release && echo "${PRETTY_NAME:-${NAME:-unknown OS}}")
fi

echo "$SERVICE: alpinist sample service '$SERVICE' (variant ${ALPINIST_VARIANT:-unknown})"
echo "$SERVICE: os: $os; libc: $libc; $(busybox 2>&1 | head -n 1)"
if [ -n "${DATA_DIR:-}" ]; then
	mkdir -p "$DATA_DIR"
	items=0
	[ -f "$DATA_DIR/items.txt" ] && items=$(wc -l <"$DATA_DIR/items.txt")
	echo "$SERVICE: data dir $DATA_DIR ($items items stored)"
fi
if [ -n "${SCRATCH_DIR:-}" ]; then
	mkdir -p "$SCRATCH_DIR"
fi

busybox nc -ll -p "$PORT" -e /app/http.sh &
listener=$!
trap 'echo "$SERVICE: stopping"; kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null; exit 0' TERM INT
echo "$SERVICE: listening on :$PORT"
wait "$listener"
status=$?
echo "$SERVICE: listener exited with status $status" >&2
exit "$status"
