package dev.bulwark.core.drills;

import dev.bulwark.core.RecordFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The run history of every drill: one JSON file per run, {@code <drills dir>/<run_id>.json},
 * replaced atomically ({@link RecordFolder}). Run ids sort by start time. Only the newest
 * {@link #KEPT_PER_DRILL} are kept.
 */
public final class DrillStore {
  /** How many run records a drill keeps on disk. */
  public static final int KEPT_PER_DRILL = 100;

  private final DrillPaths paths;
  private final RecordFolder<DrillRecord> records = new RecordFolder<>(DrillRecord.class, "drill record");

  /** A store under the layout of {@code paths}. */
  public DrillStore(DrillPaths paths) {
    this.paths = paths;
  }

  /** The directory of one drill's records and run lock. */
  public Path directory(Optional<String> namespace, String drill) {
    return paths.runsDir(namespace, drill);
  }

  /** Writes (or replaces) one record atomically. */
  public void write(DrillRecord record) {
    records.write(directory(Optional.ofNullable(record.namespace()), record.drill()), record.runId(), record);
  }

  /** The newest {@code limit} runs of a drill, newest first; unreadable files are skipped and logged. */
  public List<DrillRecord> recent(Optional<String> namespace, String drill, int limit) {
    return records.newest(directory(namespace, drill), limit);
  }

  /** Removes all but the newest {@link #KEPT_PER_DRILL} records of a drill. */
  public void trim(Optional<String> namespace, String drill) {
    records.keepNewest(directory(namespace, drill), KEPT_PER_DRILL);
  }
}
