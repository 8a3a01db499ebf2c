package dev.bulwark.engine.testing;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Short-hands shared by the engine tests. */
public final class Fixture {
  private Fixture() {}

  public static BackupResult backup(Repository repo, Path source, SnapshotType type)
      throws EngineException {
    return new BackupEngine(repo)
        .backup(
            BackupRequest.builder()
                .source(SourceDirectory.of(source, "raw", SourcePriority.P0))
                .snapshotType(type)
                .build());
  }

  public static RestoreResult restoreAll(Repository repo, String jobId, Path dest)
      throws EngineException {
    return new RestoreEngine(repo).restore(RestoreRequest.builder(dest).snapshot(jobId).build());
  }

  /** Where a source's files land under a restore destination. */
  public static Path restored(Path dest, Path source) {
    return dest.resolve(SourceDirectory.of(source, "raw", SourcePriority.P0).archivePath());
  }

  /** {@code cp -a}: a copy that keeps modes, times and symlinks, to compare restores against. */
  public static void copyTree(Path from, Path to) throws IOException, InterruptedException {
    run("cp", "-a", from.toString(), to.toString());
  }

  /** Runs a command, failing on a non-zero exit. */
  public static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
