#!/bin/sh
# The bulwark container's entrypoint (compose-shim/Dockerfile).
#   no arguments, or only options  -> `bulwark run [options]`: compose mode on $BULWARK_POLICIES
#                                     (/policies) with state in $BULWARK_STATE (/state)
#   healthcheck                    -> GET /healthz of the running process (the image's HEALTHCHECK)
#   any other first argument       -> that subcommand, e.g. `validate /policies`, `operator`,
#                                     `backup --policy demo --pre-upgrade`
# bulwark runs as PID 1 (exec), so SIGTERM from `docker stop` reaches the JVM and it stops cleanly.
set -eu

# Defaults of the image; every command reads them (picocli falls back to these variables).
export BULWARK_POLICIES="${BULWARK_POLICIES:-/policies}"
export BULWARK_STATE="${BULWARK_STATE:-/state}"
export BULWARK_HTTP_PORT="${BULWARK_HTTP_PORT:-8080}"
JAR="${BULWARK_JAR:-/opt/bulwark/bulwark.jar}"
# The AppCDS archive the image made beside the jar (the JVM flags use it when it exists).
export BULWARK_CDS_ARCHIVE="${JAR%.jar}.jsa"
# shellcheck source=compose-shim/jvm-options.sh
. "$(dirname "$0")/jvm-options.sh"

case "${1:-}" in
  healthcheck)
    # Loopback: the server listens on all interfaces, and the probe must not depend on DNS.
    exec curl --fail --silent --show-error --max-time 5 --output /dev/null \
      "http://127.0.0.1:${BULWARK_HTTP_PORT}/healthz"
    ;;
  "" | -*)
    set -- run "$@"
    ;;
esac
# Both are word-split on purpose: each holds several JVM flags. JAVA_OPTS comes last and wins.
# shellcheck disable=SC2046,SC2086
exec java $(bulwark_jvm_options "$@") ${JAVA_OPTS:-} -jar "$JAR" "$@"
