# alpinist sample platform: auth, Alpine (musl) variant.
# Build context: the docker/ directory. BASE_IMAGE defaults to the upstream image; offline,
# scripts/base-images.sh makes a local stand-in to pass instead.
ARG BASE_IMAGE=alpine:3.20
FROM ${BASE_IMAGE}
ARG BASE_IMAGE

LABEL io.alpinist.service="auth" \
      io.alpinist.variant="alpine" \
      io.alpinist.base-image="${BASE_IMAGE}"

# busybox is the service runtime (nc, wget, sh); every Alpine image has it already.
RUN command -v busybox >/dev/null || apk add --no-cache busybox

COPY app/common/ /app/
COPY app/auth/ /app/
RUN chmod 0755 /app/serve.sh /app/http.sh \
    && find /app/cgi-bin -type f -exec chmod 0755 {} +

ENV SERVICE_NAME=auth \
    ALPINIST_VARIANT=alpine \
    PORT=8083
EXPOSE 8083

# The probe has no wget -T (it crashes in Debian bookworm's busybox); --timeout bounds it.
HEALTHCHECK --interval=1s --timeout=2s --retries=3 --start-period=5s \
    CMD busybox wget -q -O /dev/null "http://127.0.0.1:${PORT}/health" || exit 1

CMD ["/app/serve.sh"]
