#!/bin/sh
# Start the backend through the server runtime the build stage produced
# (/opt/backend/bin/busybox). On a glibc image this works. On a musl image the
# copied program is glibc-linked, so it cannot start: the shell reports "not found"
# for a file that exists (its loader, /lib64/ld-linux-x86-64.so.2, is missing), and
# musl's ldd names what is missing - the troubleshooting guide's Issue 2.
SERVER=/opt/backend/bin/busybox
echo "${SERVICE_NAME:-backend}: starting $SERVER nc on :${PORT:?}"
[ -n "${DATA_DIR:-}" ] && mkdir -p "$DATA_DIR"
[ -n "${SCRATCH_DIR:-}" ] && mkdir -p "$SCRATCH_DIR"
"$SERVER" nc -ll -p "$PORT" -e /app/http.sh &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; exit 0' TERM INT
wait "$server"
status=$?
echo "${SERVICE_NAME:-backend}: $SERVER exited with status $status; what its loader says:" >&2
if command -v ldd >/dev/null 2>&1; then
	ldd "$SERVER" 2>&1 | head -n 12 >&2
fi
exit "$status"
