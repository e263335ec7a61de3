# Shared helpers for the sample services' CGI scripts (POSIX sh: dash or busybox ash).

# respond STATUS JSON: print the CGI answer and end the script.
respond() {
	printf 'Status: %s\nContent-Type: application/json\n\n%s\n' "$1" "$2"
	exit 0
}

# json_escape: stdin as one JSON string body (no quotes), newlines folded to spaces.
json_escape() {
	tr -d '\r' | tr '\n\t' '  ' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

# The fields every health answer carries.
service_fields() {
	printf '"service":"%s","variant":"%s","libc":"%s"' \
		"${SERVICE_NAME:-unknown}" "${ALPINIST_VARIANT:-unknown}" "${ALPINIST_LIBC:-unknown}"
}
