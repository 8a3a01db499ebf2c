package dev.bulwark.core.backup;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.LocalTargetSettings;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The local-directory target: {@code spec.targets.local.path}, relative paths resolved against the
 * state directory, by default {@code <state>/repository}.
 */
public final class LocalTargetOpener implements TargetOpener {
  /**
   * Where a policy without {@code targets.local.path} keeps its repository, under the state dir.
   */
  public static final String DEFAULT_DIRECTORY = "repository";

  private final Path stateDirectory;

  /** Resolves relative repository paths against {@code stateDirectory}. */
  public LocalTargetOpener(Path stateDirectory) {
    this.stateDirectory = stateDirectory.toAbsolutePath().normalize();
  }

  /** The repository directory of a policy. */
  public Path directoryOf(BackupPolicy policy) {
    LocalTargetSettings local =
        policy.getSpec().getTargets() == null ? null : policy.getSpec().getTargets().getLocal();
    String configured = local == null ? null : local.getPath();
    return stateDirectory
        .resolve(configured == null || configured.isBlank() ? DEFAULT_DIRECTORY : configured)
        .normalize();
  }

  @Override
  public Target open(BackupPolicy policy) throws IOException {
    return new LocalTarget(directoryOf(policy));
  }
}
