#!/bin/busybox sh
# A small CGI/1.1 gateway: one HTTP/1.x request on stdin, the answer on stdout.
#
# The request path names the script: /health runs /app/cgi-bin/health, / runs
# /app/cgi-bin/index. The script gets the usual CGI variables and the request body on
# stdin, and prints CGI headers (Status:, Content-Type:), a blank line and the body.
# The answer carries a Content-Length and Connection: close. One log line per request
# goes to stderr, which is the container's log.
set -u
SERVICE=${SERVICE_NAME:-app}
CGI_ROOT=${CGI_ROOT:-/app/cgi-bin}
MAX_BODY=1048576
CR=$(printf '\r')
tmp=${TMPDIR:-/tmp}/http.$$
trap 'rm -f "$tmp.in" "$tmp.out"' EXIT

method=- target=- proto=HTTP/1.0
log() { echo "$SERVICE: $method $target $proto -> $*" >&2; }

# An answer made here (not by a script): status line, JSON body.
answer() {
	body="$2
"
	printf 'HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' \
		"$1" "${#body}" "$body"
	log "$1"
	exit 0
}

IFS= read -r -t 10 request || exit 0
request=${request%"$CR"}
set -f
# shellcheck disable=SC2086
set -- $request
set +f
[ $# -ge 2 ] || answer "400 Bad Request" '{"error":"bad request line"}'
method=$1 target=$2 proto=${3:-HTTP/1.0}

content_length=0 content_type=
while IFS= read -r -t 10 header; do
	header=${header%"$CR"}
	[ -z "$header" ] && break
	value=${header#*:}
	value=${value# }
	case $header in
	[Cc][Oo][Nn][Tt][Ee][Nn][Tt]-[Ll][Ee][Nn][Gg][Tt][Hh]:*) content_length=$value ;;
	[Cc][Oo][Nn][Tt][Ee][Nn][Tt]-[Tt][Yy][Pp][Ee]:*) content_type=$value ;;
	esac
done
case $content_length in
'' | *[!0-9]*) answer "400 Bad Request" '{"error":"bad Content-Length"}' ;;
esac
[ "$content_length" -le "$MAX_BODY" ] || answer "413 Payload Too Large" '{"error":"body too large"}'

path=${target%%\?*}
query=
[ "$path" != "$target" ] && query=${target#*\?}
case $path in
/*) ;;
*) answer "400 Bad Request" '{"error":"bad request target"}' ;;
esac
case $path in
*..* | *//*) answer "400 Bad Request" '{"error":"bad path"}' ;;
esac
script=$CGI_ROOT$path
[ "$path" = / ] && script=$CGI_ROOT/index
if [ ! -f "$script" ] || [ ! -x "$script" ]; then
	answer "404 Not Found" "{\"error\":\"not found\",\"path\":\"$path\"}"
fi

if [ "$content_length" -gt 0 ]; then
	head -c "$content_length" >"$tmp.in"
else
	: >"$tmp.in"
fi

REQUEST_METHOD=$method REQUEST_URI=$target SCRIPT_NAME=$path PATH_INFO= \
	QUERY_STRING=$query CONTENT_LENGTH=$content_length CONTENT_TYPE=$content_type \
	SERVER_PROTOCOL=$proto GATEWAY_INTERFACE=CGI/1.1 SERVER_PORT=${PORT:-} \
	SERVER_SOFTWARE="alpinist-cgi-gateway (busybox nc)" \
	"$script" <"$tmp.in" >"$tmp.out"
rc=$?
[ "$rc" -eq 0 ] || answer "500 Internal Server Error" "{\"error\":\"script exited with status $rc\"}"

# CGI headers up to the blank line; count their bytes to find where the body starts.
status="200 OK" headers= header_bytes=0 ended=
while IFS= read -r line; do
	header_bytes=$((header_bytes + ${#line} + 1))
	line=${line%"$CR"}
	if [ -z "$line" ]; then
		ended=1
		break
	fi
	case $line in
	[Ss]tatus:*) status=${line#*:} status=${status# } ;;
	*) headers="$headers$line$CR
" ;;
	esac
done <"$tmp.out"
[ -n "$ended" ] || answer "502 Bad Gateway" '{"error":"script printed no header block"}'
total=$(wc -c <"$tmp.out")
body_bytes=$((total - header_bytes))

{
	printf 'HTTP/1.1 %s\r\n%sContent-Length: %s\r\nConnection: close\r\n\r\n' "$status" "$headers" "$body_bytes"
	[ "$method" = HEAD ] || tail -c +"$((header_bytes + 1))" "$tmp.out"
}
log "$status ${body_bytes}B"
