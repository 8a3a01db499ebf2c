package dev.bulwark.engine;

import java.util.List;
import java.util.Optional;

/**
 * A restore ran but some entries were not restored: corrupt or missing data, a destination error
 * such as a full disk (which stops the restore), or a destination changed by someone else while the
 * restore ran. No file with wrong bytes was left under its name: each failed file's temporary file
 * was removed. {@link #failures()} lists every entry that was not restored; every other selected
 * entry was restored and verified.
 */
public class RestoreFailedException extends EngineException {
  private static final long serialVersionUID = 1L;

  private static final int SHOWN = 20;
  private final Counts counts;
  private final List<FileFailure> failures;
  private final String stopReason;

  /** One entry that was not restored, and why. */
  public record FileFailure(String path, String reason) {}

  /**
   * What became of the entries a restore selected; {@code selected} is the sum of the others.
   *
   * @param selected entries (files, directories, symlinks) the restore set out to restore
   * @param restored restored and verified
   * @param failed attempted and not restored (bad data, or the destination would not take them)
   * @param refused not written because the destination changed under them
   * @param notAttempted never reached because the restore stopped
   */
  public record Counts(
      long selected, long restored, long failed, long refused, long notAttempted) {}

  /**
   * @param stopReason why the restore stopped before attempting every entry (e.g. "cannot write
   *     /dest/a.bin: No space left on device"), or null when it attempted them all
   */
  public RestoreFailedException(
      String snapshot,
      Counts counts,
      List<FileFailure> failures,
      String stopReason,
      Throwable cause) {
    super("snapshot " + snapshot, format(counts, failures, stopReason), cause);
    this.counts = counts;
    this.failures = List.copyOf(failures);
    this.stopReason = stopReason;
  }

  public Counts counts() {
    return counts;
  }

  /** Every selected entry that was not restored (failed, refused, then not attempted). */
  public List<FileFailure> failures() {
    return failures;
  }

  /** Why the restore stopped early, when it did. */
  public Optional<String> stopReason() {
    return Optional.ofNullable(stopReason);
  }

  private static String format(Counts counts, List<FileFailure> failures, String stopReason) {
    StringBuilder s =
        new StringBuilder("restore incomplete: ")
            .append(counts.restored())
            .append(" of ")
            .append(counts.selected())
            .append(" entries restored; ")
            .append(counts.failed())
            .append(" failed, ")
            .append(counts.refused())
            .append(" refused, ")
            .append(counts.notAttempted())
            .append(" not attempted");
    if (stopReason != null) {
      s.append("\n  stopped: ").append(stopReason);
    }
    for (int i = 0; i < Math.min(SHOWN, failures.size()); i++) {
      FileFailure f = failures.get(i);
      s.append("\n  - ").append(f.path()).append(": ").append(f.reason());
    }
    if (failures.size() > SHOWN) {
      s.append("\n  ... and ").append(failures.size() - SHOWN).append(" more");
    }
    return s.toString();
  }
}
