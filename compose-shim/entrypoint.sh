#!/bin/sh
# Starts bulwark as PID 1 (exec), so SIGTERM from `docker stop` reaches the JVM and it shuts down cleanly.
# No arguments or only options: compose mode on /policies and /state (options are passed to `run`).
# A subcommand as first argument runs that instead, e.g. `docker compose run --rm bulwark validate /policies`.
set -eu
JAR=/opt/bulwark/bulwark.jar
case "${1:-}" in
  ""|-*) set -- run --policies /policies --state /state "$@" ;;
esac
# JAVA_OPTS is word-split on purpose: it holds several JVM flags.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$JAR" "$@"
