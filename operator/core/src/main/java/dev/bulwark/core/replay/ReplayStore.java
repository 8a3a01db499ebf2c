package dev.bulwark.core.replay;

import dev.bulwark.core.RecordFolder;
import java.util.Optional;

/**
 * The run records of every ReplayPlan, one file per run, written atomically; the file-backed
 * ledger.
 */
public final class ReplayStore implements ReplayLedger {
  /** Runs kept per plan; older records go, the audit keeps their lines. */
  static final int KEEP = 50;

  private final ReplayPaths paths;
  private final RecordFolder<ReplayRunRecord> folder =
      new RecordFolder<>(ReplayRunRecord.class, "replay run record");

  /** Records under {@code paths}. */
  public ReplayStore(ReplayPaths paths) {
    this.paths = paths;
  }

  /** Writes {@code record} and trims the plan's history to the newest {@link #KEEP}. */
  void write(ReplayRunRecord record) {
    var dir = paths.runs(Optional.ofNullable(record.namespace()), record.plan());
    folder.write(dir, record.runId(), record);
    folder.keepNewest(dir, KEEP);
  }

  @Override
  public Optional<ReplayRunRecord> latest(Optional<String> namespace, String plan) {
    return folder.newest(paths.runs(namespace, plan), 1).stream().findFirst();
  }
}
