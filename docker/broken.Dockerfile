# alpinist sample: a deliberately broken backend for troubleshooting, regular (Debian/glibc) variant.
# Multi-stage: the build stage stays on the regular (glibc) base and produces the
# server runtime, /opt/backend/bin/busybox (Debian's glibc-linked busybox); the final
# stage copies it into BASE_IMAGE unchanged.
# Regular variant: the runtime runs on the same glibc it was built on, so it is healthy.
# Build context: the docker/ directory.
ARG REGULAR_BASE=debian:bookworm-slim
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${REGULAR_BASE} AS build
RUN command -v busybox >/dev/null \
    || (apt-get update \
        && apt-get install -y --no-install-recommends busybox \
        && rm -rf /var/lib/apt/lists/*)
RUN mkdir -p /opt/backend/bin && cp "$(command -v busybox)" /opt/backend/bin/busybox

FROM ${BASE_IMAGE}
ARG BASE_IMAGE
ARG REGULAR_BASE
LABEL io.alpinist.service="backend" \
      io.alpinist.variant="regular" \
      io.alpinist.base-image="${BASE_IMAGE}" \
      io.alpinist.build-base-image="${REGULAR_BASE}" \
      io.alpinist.sample="broken-pair"

# The gateway and the healthcheck use the image's own busybox.
RUN command -v busybox >/dev/null \
    || (apt-get update \
        && apt-get install -y --no-install-recommends busybox \
        && rm -rf /var/lib/apt/lists/*)

COPY --from=build /opt/backend/bin/busybox /opt/backend/bin/busybox
COPY app/common/ /app/
COPY app/backend/ /app/
COPY app/broken/start.sh /app/start.sh
RUN chmod 0755 /app/start.sh /app/serve.sh /app/http.sh \
    && find /app/cgi-bin -type f -exec chmod 0755 {} +

ENV SERVICE_NAME=backend \
    ALPINIST_VARIANT=regular \
    PORT=8000 \
    DATA_DIR=/data \
    SCRATCH_DIR=/var/cache/backend
EXPOSE 8000

# The probe has no wget -T (it crashes in Debian bookworm's busybox); --timeout bounds it.
HEALTHCHECK --interval=1s --timeout=2s --retries=3 --start-period=5s \
    CMD busybox wget -q -O /dev/null "http://127.0.0.1:${PORT}/health" || exit 1

CMD ["/app/start.sh"]
