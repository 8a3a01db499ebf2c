package dev.bulwark.core.drills;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.core.RecordFolder;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The run history of every drill: one JSON file per run, {@code <drills dir>/<run_id>.json},
 * replaced atomically ({@link RunStore}). Run ids sort by start time. Only the newest {@link
 * #KEPT_PER_DRILL} are kept.
 */
public final class DrillStore {
  /** How many run records a drill keeps on disk. */
  public static final int KEPT_PER_DRILL = 100;

  private final DrillPaths paths;
  private final RunStore<DrillRecord> records;

  /** A store under the layout of {@code paths}. */
  public DrillStore(DrillPaths paths) {
    this.paths = paths;
    this.records =
        new RunStore<>(
            DrillRecord.class, "drill record", key -> paths.runsDir(key.namespace(), key.owner()));
  }

  /** The directory of one drill's records and run lock. */
  public Path directory(Optional<String> namespace, String drill) {
    return records.directory(new RunKey(namespace, drill));
  }

  /** Writes (or replaces) one record atomically. */
  public void write(DrillRecord record) {
    records.write(record);
  }

  /**
   * The newest {@code limit} runs of a drill, newest first; unreadable files are skipped and
   * logged.
   */
  public List<DrillRecord> recent(Optional<String> namespace, String drill, int limit) {
    return records.recent(new RunKey(namespace, drill), limit);
  }

  /** The run records, read only. */
  public RunLedger<DrillRecord> runs() {
    return records.ledger();
  }

  /** Records that {@code run} (a success) proved its policy. */
  public void proved(DrillRecord run) {
    RecordFolder.writeFile(
        paths.proofFile(Optional.ofNullable(run.namespace()), run.policy()),
        new PolicyProof(run.policy(), run.drill(), run.runId(), run.finishedAt()));
  }

  /** When a drill of {@code policy} last succeeded, if one ever did. */
  public Optional<Instant> provenAt(Optional<String> namespace, String policy) {
    return RecordFolder.readFile(paths.proofFile(namespace, policy), PolicyProof.class)
        .map(PolicyProof::finishedAt);
  }

  /**
   * The newest successful drill of a policy.
   *
   * @param policy the BackupPolicy proven
   * @param drill the RestoreDrill that proved it
   * @param runId its run
   * @param finishedAt when it succeeded
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PolicyProof(
      @JsonProperty("policy") String policy,
      @JsonProperty("drill") String drill,
      @JsonProperty("run_id") String runId,
      @JsonProperty("finished_at") Instant finishedAt) {}

  /** Removes all but the newest {@link #KEPT_PER_DRILL} records of a drill. */
  public void trim(Optional<String> namespace, String drill) {
    records.keepNewest(new RunKey(namespace, drill), KEPT_PER_DRILL);
  }
}
