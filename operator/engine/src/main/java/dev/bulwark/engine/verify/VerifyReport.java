package dev.bulwark.engine.verify;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a verify: what was checked and every problem found. {@link #ok()} is the exit
 * status a CLI should use.
 *
 * @param snapshotsChecked snapshots whose metadata was checked
 * @param snapshotsInRepository snapshots listed by the catalog
 * @param packsChecked packs checked for presence and size
 * @param packsRead packs read in full (read-data)
 * @param filesVerified file contents hashed (read-data)
 * @param bytesRead bytes read from the target
 * @param sampled whether only a sample of the snapshots was verified
 * @param duration wall time
 * @param problems every problem, each naming its object
 */
public record VerifyReport(
    int snapshotsChecked,
    int snapshotsInRepository,
    int packsChecked,
    int packsRead,
    long filesVerified,
    long bytesRead,
    boolean sampled,
    Duration duration,
    List<VerifyProblem> problems) {

  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** Whether nothing was found wrong. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
