package dev.bulwark.core.migration;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.files.AtomicFiles;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the objects of a journal back as they were before the run, from the pre-migration snapshot.
 * Only objects whose bytes differ from the journal's hash are restored (an untouched object is
 * already right, so it keeps its mtime too). The snapshot's files are restored into scratch space
 * first, checked against the journal's hashes, and then replace the objects atomically; a final
 * pass checks every journaled object's hash.
 */
final class SnapshotRollback {
  /** Paths per glob handed to the restore engine, so a few thousand objects make a few patterns. */
  private static final int PATHS_PER_GLOB = 200;

  private final PolicyRepositories repositories;

  SnapshotRollback(PolicyRepositories repositories) {
    this.repositories = repositories;
  }

  /**
   * Restores the touched objects of {@code journal} and verifies them all.
   *
   * @param scratch an empty directory for the staged restore, removed afterwards
   */
  Result rollBack(BackupPolicy policy, MigrationJournal journal, Path scratch) {
    List<MigrationJournal.Entry> touched = new ArrayList<>();
    List<ObjectFailure> problems = new ArrayList<>();
    for (MigrationJournal.Entry entry : journal.objects()) {
      Path file = Path.of(entry.path());
      try {
        AtomicFiles.removeLeftovers(file);
        if (!Hashes.sha256(file).equals(Optional.of(entry.sha256()))) {
          touched.add(entry);
        }
      } catch (IOException e) {
        touched.add(entry);
      }
    }
    if (!touched.isEmpty()) {
      Path staged = scratch.resolve("restore");
      try {
        restore(policy, journal, touched, staged);
        for (MigrationJournal.Entry entry : touched) {
          put(entry, staged, problems);
        }
      } catch (EngineException | JobSetupException | IOException | RuntimeException e) {
        problems.add(
            new ObjectFailure(
                "(snapshot " + journal.snapshotJobId() + ")",
                "restore from the pre-migration snapshot failed: " + e.getMessage()));
      } finally {
        Scratch.delete(staged);
      }
    }
    for (MigrationJournal.Entry entry : journal.objects()) {
      try {
        if (!Hashes.sha256(Path.of(entry.path())).equals(Optional.of(entry.sha256()))) {
          if (problems.stream().noneMatch(p -> p.path().equals(entry.name()))) {
            problems.add(
                new ObjectFailure(
                    entry.name(), "after the rollback its bytes still differ from the snapshot"));
          }
        }
      } catch (IOException e) {
        problems.add(
            new ObjectFailure(
                entry.name(), "cannot be read to verify the rollback: " + e.getMessage()));
      }
    }
    return new Result(touched.stream().map(MigrationJournal.Entry::name).toList(), problems);
  }

  private void restore(
      BackupPolicy policy,
      MigrationJournal journal,
      List<MigrationJournal.Entry> touched,
      Path staged)
      throws EngineException, JobSetupException, IOException {
    TargetProvider provider =
        WireNames.parse(TargetProvider.class, journal.target())
            .orElseThrow(
                () ->
                    new JobSetupException(
                        "the journal names an unknown target '" + journal.target() + "'"));
    RestoreRequest.Builder request =
        RestoreRequest.builder(staged).snapshot(journal.snapshotJobId()).force(true).threads(2);
    for (int i = 0; i < touched.size(); i += PATHS_PER_GLOB) {
      List<String> chunk =
          touched.subList(i, Math.min(touched.size(), i + PATHS_PER_GLOB)).stream()
              .map(e -> escape(e.archivePath()))
              .toList();
      request.path(chunk.size() == 1 ? chunk.get(0) : "{" + String.join(",", chunk) + "}");
    }
    Files.createDirectories(staged);
    new RestoreEngine(repositories.openOn(policy, provider).repository()).restore(request.build());
  }

  private static void put(MigrationJournal.Entry entry, Path staged, List<ObjectFailure> problems) {
    Path file = Path.of(entry.path());
    try {
      byte[] bytes = Files.readAllBytes(staged.resolve(entry.archivePath()));
      if (!Hashes.sha256(bytes).equals(entry.sha256())) {
        problems.add(
            new ObjectFailure(
                entry.name(), "the snapshot's copy does not match the hash taken before the run"));
        return;
      }
      if (Files.exists(file)) {
        AtomicFiles.replace(file, bytes);
      } else {
        AtomicFiles.write(file, bytes);
      }
    } catch (IOException e) {
      problems.add(new ObjectFailure(entry.name(), "cannot be restored: " + e));
    }
  }

  /** A path as a literal glob: every glob character escaped. */
  static String escape(String path) {
    StringBuilder out = new StringBuilder(path.length() + 8);
    for (char c : path.toCharArray()) {
      if ("\\*?[]{},".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * What a rollback did.
   *
   * @param restored objects restored from the snapshot (those the run had changed)
   * @param problems objects not verified back to their pre-run bytes; empty: the rollback is
   *     complete
   */
  record Result(List<String> restored, List<ObjectFailure> problems) {
    boolean complete() {
      return problems.isEmpty();
    }
  }
}
