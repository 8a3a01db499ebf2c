package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.format.FormatVersion;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.lock.LockInfo;
import dev.bulwark.engine.lock.RepositoryLock;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.OutageTarget;
import dev.bulwark.engine.testing.TestTrees;
import dev.bulwark.engine.testing.TestingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One job per policy and target; dead or silent owners lose the lock by the staleness rule. */
class LockTest {
  @TempDir Path tmp;
  private LocalTarget target;
  private TestingClock clock;
  private Repository repo;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    target = new LocalTarget(tmp.resolve("repo"));
    clock = TestingClock.at(Instant.parse("2026-11-28T02:00:00Z"));
    repo = Repository.builder(target, "prod", "locked").clock(clock).build();
    src = tmp.resolve("src");
    TestTrees.write(src.resolve("a.txt"), "a");
  }

  @Test
  void aLiveJobsLockIsRespected() throws Exception {
    try (RepositoryLock held =
        RepositoryLock.acquire(
            target, repo.layout(), "20261128T015900Z-aaaaaa", Duration.ofMinutes(10), clock)) {
      assertThatThrownBy(() -> Fixture.backup(repo, src, SnapshotType.FULL))
          .isInstanceOf(RepositoryLockedException.class)
          .hasMessageContaining("20261128T015900Z-aaaaaa")
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
      assertThat(held.info().jobId()).isEqualTo("20261128T015900Z-aaaaaa");
    }
    assertThat(RepositoryLock.read(target, repo.layout().lockKey())).isEmpty();
    Fixture.backup(repo, src, SnapshotType.FULL);
  }

  @Test
  void aLockWhoseProcessIsGoneIsBroken() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    writeLock(
        new LockInfo(
            FormatVersion.CURRENT,
            "locked",
            "20261128T015000Z-bbbbbb",
            hostName(),
            done.pid(),
            "",
            clock.instant().toString(),
            clock.instant().toString(),
            600));
    Fixture.backup(repo, src, SnapshotType.FULL);
    assertThat(repo.catalog().list()).hasSize(1);
  }

  @Test
  void aLockFromAnotherHostGoesStaleWithoutRefresh() throws Exception {
    writeLock(
        new LockInfo(
            FormatVersion.CURRENT,
            "locked",
            "20261128T015000Z-cccccc",
            "other-host",
            42,
            "",
            clock.instant().toString(),
            clock.instant().toString(),
            600));
    clock.advance(Duration.ofMinutes(5));
    assertThatThrownBy(() -> Fixture.backup(repo, src, SnapshotType.FULL))
        .isInstanceOf(RepositoryLockedException.class)
        .hasMessageContaining("other-host");
    clock.advance(Duration.ofMinutes(6));
    Fixture.backup(repo, src, SnapshotType.FULL);
    assertThat(repo.catalog().list()).hasSize(1);
  }

  @Test
  void aLockOfThisProcessWhoseJobEndedIsBrokenAtOnce() throws Exception {
    // What a job of a long-running process (bulwark run) leaves when it could not delete its lock.
    writeLock(
        new LockInfo(
            FormatVersion.CURRENT,
            "locked",
            "20261128T015000Z-dddddd",
            hostName(),
            ProcessHandle.current().pid(),
            processStartedAt(),
            clock.instant().toString(),
            clock.instant().toString(),
            600));

    Fixture.backup(repo, src, SnapshotType.FULL);

    assertThat(repo.catalog().list()).hasSize(1);
    assertThat(RepositoryLock.read(target, repo.layout().lockKey())).isEmpty();
  }

  @Test
  void afterAnOutageTheNextJobOfThisProcessClearsTheFailedJobsLockAndLeftovers() throws Exception {
    OutageTarget store = new OutageTarget(target, key -> key.endsWith("backup_manifest.json"));
    Repository flaky = Repository.builder(store, "prod", "locked").clock(clock).build();

    assertThatThrownBy(() -> Fixture.backup(flaky, src, SnapshotType.FULL))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("store unreachable");
    LockInfo left = RepositoryLock.read(target, repo.layout().lockKey()).orElseThrow();
    assertThat(left.pid())
        .as("the failed job could not delete its lock")
        .isEqualTo(ProcessHandle.current().pid());
    String failedJob = left.jobId();
    assertThat(jobObjects(failedJob)).as("nor its packs").isNotEmpty();

    store.recover();
    // Same process, same instant: no staleness period has passed.
    BackupResult next = Fixture.backup(flaky, src, SnapshotType.FULL);

    assertThat(repo.catalog().list()).extracting(s -> s.jobId()).containsExactly(next.jobId());
    assertThat(jobObjects(failedJob)).as("the dead job's leftovers are cleaned").isEmpty();
    assertThat(RepositoryLock.read(target, repo.layout().lockKey())).isEmpty();
  }

  private List<String> jobObjects(String jobId) throws Exception {
    List<String> keys = new ArrayList<>();
    target.listAll(repo.layout().jobPrefix(jobId)).forEachRemaining(o -> keys.add(o.key()));
    return keys;
  }

  private static String processStartedAt() {
    return ProcessHandle.current().info().startInstant().map(Instant::toString).orElse("");
  }

  private void writeLock(LockInfo info) throws Exception {
    target.put(repo.layout().lockKey(), Json.write(info), Map.of());
  }

  private static String hostName() throws Exception {
    return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
  }
}
