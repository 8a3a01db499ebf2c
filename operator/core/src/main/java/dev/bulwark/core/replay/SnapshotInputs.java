package dev.bulwark.core.replay;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Restores a plan's input root as of a snapshot into a sandbox, so a replay reads the raw data as
 * it was then and later changes to the live tree cannot leak in. The snapshot is named by its job
 * id or by a time (the newest snapshot finished at or before it).
 */
final class SnapshotInputs {
  private final PolicyRepositories repositories;

  SnapshotInputs(PolicyRepositories repositories) {
    this.repositories = repositories;
  }

  /**
   * The restored inputs.
   *
   * @param root the directory inside the sandbox that stands for the plan's input root
   * @param snapshotJobId the job id of the snapshot read
   */
  record Restored(Path root, String snapshotJobId) {}

  /**
   * Restores {@code inputRoot} from snapshot {@code reference} of {@code policy} into {@code
   * sandbox}.
   */
  Restored restore(BackupPolicy policy, String reference, Path inputRoot, Path sandbox)
      throws ReplayPlanException {
    // Snapshots store absolute paths without the leading '/', so the root's files are under it.
    String archiveRoot = inputRoot.toAbsolutePath().normalize().toString().replaceFirst("^/+", "");
    RestoreRequest.Builder request =
        RestoreRequest.builder(sandbox).path(archiveRoot + "/**").threads(2);
    Optional<Instant> at = time(reference);
    if (at.isPresent()) {
      request.at(at.get());
    } else {
      request.snapshot(reference);
    }
    try {
      Files.createDirectories(sandbox);
      RestoreResult result =
          new RestoreEngine(repositories.open(policy, Optional.empty()).repository())
              .restore(request.build());
      return new Restored(sandbox.resolve(archiveRoot), result.snapshotJobId());
    } catch (EngineException | JobSetupException | IOException | RuntimeException e) {
      throw new ReplayPlanException(
          "cannot restore the inputs from snapshot '"
              + reference
              + "' of BackupPolicy/"
              + policy.getRef().name()
              + ": "
              + e.getMessage());
    }
  }

  private static Optional<Instant> time(String reference) {
    try {
      return Optional.of(OffsetDateTime.parse(reference).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
