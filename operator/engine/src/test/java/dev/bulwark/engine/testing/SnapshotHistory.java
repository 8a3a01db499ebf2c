package dev.bulwark.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.Target;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyReport;
import dev.bulwark.engine.verify.VerifyRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * A repository with a history of snapshots taken at chosen (simulated) times, remembering what the
 * source looked like at each one, so any listed snapshot can be restored and compared.
 */
public final class SnapshotHistory {
  private final Path tmp;
  private final Path src;
  private final TestingClock clock;
  private final Map<String, Path> versions = new HashMap<>();
  private Path repoDir;
  private int edits;

  public SnapshotHistory(Path tmp, TestingClock clock) throws IOException {
    this.tmp = tmp;
    this.clock = clock;
    this.src = tmp.resolve("src");
    this.repoDir = tmp.resolve("repo");
    for (String name : new String[] {"a", "b", "c"}) {
      TestTrees.write(src.resolve(name + ".json"), "{\"" + name + "\":0}");
    }
    TestTrees.randomFile(src.resolve("media/photo.bin"), 1536 * 1024, 1);
  }

  public Path repoDir() {
    return repoDir;
  }

  /** Points the history at another copy of the repository. */
  public void useRepoDir(Path dir) {
    this.repoDir = dir;
  }

  public TestingClock clock() {
    return clock;
  }

  /** The repository on a plain local target. */
  public Repository repository() throws IOException {
    return repository(new LocalTarget(repoDir));
  }

  /** The repository on {@code target}. */
  public Repository repository(Target target) {
    return Repository.builder(target, "prod", "teaching").clock(clock).build();
  }

  /** Rewrites {@code changed} files (a, b or c) and takes a snapshot at {@code at}. */
  public BackupResult backup(Instant at, SnapshotType type, String... changed) throws Exception {
    for (String name : changed) {
      edits++;
      TestTrees.write(src.resolve(name + ".json"), "{\"" + name + "\":" + edits + "}");
    }
    clock.set(at);
    BackupResult result = Fixture.backup(repository(), src, type);
    Path version = tmp.resolve("versions/" + result.jobId());
    Files.createDirectories(version.getParent());
    Fixture.copyTree(src, version);
    versions.put(result.jobId(), version);
    return result;
  }

  /** Every listed snapshot restores to what the source held when it was taken; verify passes. */
  public void assertEveryListedSnapshotRestorable(Repository repo) throws Exception {
    VerifyReport report = new Verifier(repo).verify(VerifyRequest.builder().readData(true).build());
    assertThat(report.problems()).as("verify --read-data").isEmpty();
    for (SnapshotSummary s : repo.catalog().list()) {
      Path dest = tmp.resolve("restores/" + s.jobId() + "-" + System.nanoTime());
      Fixture.restoreAll(repo, s.jobId(), dest);
      TestTrees.assertSameTree(versions.get(s.jobId()), Fixture.restored(dest, src));
    }
  }

  /** Every key stored under {@code prefix}. */
  public static TreeSet<String> keys(Target target, String prefix) throws IOException {
    TreeSet<String> keys = new TreeSet<>();
    Iterator<ObjectInfo> it = target.listAll(prefix);
    while (it.hasNext()) {
      keys.add(it.next().key());
    }
    return keys;
  }
}
