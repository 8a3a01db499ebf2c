package dev.bulwark.core.jobs;

import dev.bulwark.engine.backup.BackupResult;
import java.util.List;
import java.util.Optional;

/**
 * How a job ended.
 *
 * @param record the final record (success, failed or canceled)
 * @param result the engine's result when a snapshot was committed
 * @param warnings things worth a look that did not fail the job (post hooks, pruning, lifecycle)
 */
public record JobOutcome(JobRecord record, Optional<BackupResult> result, List<String> warnings) {

  public JobOutcome {
    warnings = List.copyOf(warnings);
  }

  /** Whether a snapshot was committed. */
  public boolean succeeded() {
    return record.state() == JobState.SUCCESS;
  }
}
