# JVM flags chosen for each kind of bulwark command. Sourced (POSIX sh) by ./bulwark and by the
# image's entrypoint, so a checkout and a container start the same way. A user's JAVA_OPTS comes
# after these flags on the command line and therefore wins; a collector named in JAVA_OPTS replaces
# ours (the JVM refuses two).
#
#   short commands (status, gate, validate, snapshots, help, --version, ...): start fast. C1 only and
#       the serial collector: they run for a second, and C2 and a parallel collector would cost more
#       threads and memory than they save.
#   data commands (backup, restore, verify, drill, prune, migrate, replay, lifecycle): throughput.
#       The parallel collector measured fastest on full backups (docs/benchmarks.md).
#   daemons (run, operator): small and steady. The serial collector with a small initial heap that
#       grows only when live data needs it and is given back after a big job, so an idle daemon
#       stays near its live set instead of filling a quarter of the machine with garbage.
#
# Every kind uses the class-data-sharing archive (AppCDS) when one exists beside the jar.

# The first argument that is not an option: the subcommand (empty for `bulwark --version`).
bulwark_subcommand() {
  for arg in "$@"; do
    case "$arg" in
      -*) ;;
      *) printf '%s' "$arg"; return 0 ;;
    esac
  done
}

# Prints the JVM flags for `bulwark $@`; $BULWARK_CDS_ARCHIVE names the archive to use if it exists.
bulwark_jvm_options() {
  case "$(bulwark_subcommand "$@")" in
    run | operator)
      gc="-XX:+UseSerialGC"
      sizing="-Xms16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
      ;;
    backup | restore | verify | drill | prune | migrate | replay | lifecycle)
      gc="-XX:+UseParallelGC"
      sizing=""
      ;;
    *)
      gc="-XX:+UseSerialGC"
      sizing="-XX:TieredStopAtLevel=1"
      ;;
  esac
  case " ${JAVA_OPTS:-} " in
    *" -XX:+Use"*"GC "*) gc="" ;;
  esac
  cds=""
  if [ -n "${BULWARK_CDS_ARCHIVE:-}" ] && [ -f "$BULWARK_CDS_ARCHIVE" ]; then
    # A stale archive (another JDK or jar) is ignored by the JVM; its warning must not reach
    # stdout, where --json output goes.
    cds="-XX:SharedArchiveFile=$BULWARK_CDS_ARCHIVE -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
  printf '%s' "$gc $sizing $cds"
}

# Writes the AppCDS archive for $1 (the jar) to $2 by a training run that loads what most commands
# load (picocli, Jackson, the YAML reader, the validators): `validate` of an empty directory. The
# archive appears atomically, and a failed training run leaves none (commands then start without).
bulwark_make_cds_archive() {
  training="$(mktemp -d)"
  if java -XX:ArchiveClassesAtExit="$2.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
      -jar "$1" validate "$training" >/dev/null 2>&1; then
    mv -f "$2.tmp" "$2"
  else
    rm -f "$2.tmp"
  fi
  rm -rf "$training"
}
