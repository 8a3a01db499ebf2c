package dev.bulwark.core.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.runs.NoteKind.Note;
import dev.bulwark.core.runs.NoteKind.NoteRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessRunExecutorTest {
  private static final RunKey KEY = RunKey.of(null, "weekly");

  @TempDir Path root;
  private NoteKind kind;
  private InProcessRunExecutor<Note, NoteRecord> executor;

  @BeforeEach
  void setUp() {
    kind = new NoteKind(root);
    executor = new InProcessRunExecutor<>(kind, 4, Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() {
    executor.close();
  }

  @Test
  void aRunThatCrashesMidWayIsRecoveredAsAbandonedOnlyByTheExplicitCall() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    Optional<RunExecutor.Started<NoteRecord>> started =
        executor.submit(KEY, new Note(gate, true), finished::countDown);
    assertThat(started).isPresent();
    gate.countDown();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.isActive(KEY)).isFalse();

    RunLedger<NoteRecord> ledger = kind.ledger();
    for (int i = 0; i < 3; i++) { // reading, however often, leaves the crashed run as it is
      assertThat(ledger.recent(KEY, RunLedger.WINDOW))
          .singleElement()
          .satisfies(r -> assertThat(r.runPhase()).isEqualTo(RunPhase.RUNNING));
    }

    assertThat(executor.recoverAbandoned(KEY)).isTrue();

    assertThat(ledger.latest(KEY))
        .get()
        .satisfies(
            r -> {
              assertThat(r.runId()).isEqualTo(started.get().record().orElseThrow().runId());
              assertThat(r.state()).isEqualTo("canceled");
              assertThat(r.finishedAt()).isNotNull();
            });
    assertThat(executor.recoverAbandoned(KEY)).as("nothing left to recover").isFalse();
  }

  @Test
  void theLedgerNeverWrites() throws Exception {
    NoteRecord abandoned =
        new NoteRecord(
            "20260101T000000Z-0a0b0c", null, "weekly", "running", java.time.Instant.now(), null);
    kind.store.write(abandoned); // as a process killed mid-run leaves it
    Map<Path, String> before = snapshot();

    RunLedger<NoteRecord> ledger = kind.ledger();
    for (int i = 0; i < 5; i++) {
      ledger.recent(KEY, RunLedger.WINDOW);
      ledger.latest(KEY);
      ledger.hasUnfinished(KEY);
      ledger.recent(RunKey.of("other", "never-ran"), 3);
    }

    assertThat(snapshot()).isEqualTo(before);
    assertThat(ledger.latest(KEY)).contains(abandoned);
  }

  @Test
  void aRunActiveHereOrHoldingTheLockElsewhereIsNeverRecovered() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    executor.submit(KEY, new Note(gate, false), finished::countDown);

    assertThat(executor.recoverAbandoned(KEY)).isFalse();
    assertThat(kind.ledger().latest(KEY).orElseThrow().runPhase()).isEqualTo(RunPhase.RUNNING);

    gate.countDown();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kind.ledger().latest(KEY).orElseThrow().runPhase()).isEqualTo(RunPhase.SUCCEEDED);

    RunKey other = RunKey.of("team-a", "nightly");
    NoteRecord alive =
        new NoteRecord(
            "20260101T000000Z-0d0e0f",
            "team-a",
            "nightly",
            "running",
            java.time.Instant.now(),
            null);
    kind.store.write(alive);
    // Held, never read: the try block below is what it guards.
    RunLock held = RunLock.tryAcquire(kind.store.directory(other), alive.runId()).orElseThrow();
    try (held) {
      // A live run elsewhere holds the lock: its record is not abandoned.
      assertThat(executor.recoverAbandoned(other)).isFalse();
      assertThat(kind.ledger().latest(other)).contains(alive);
    }
  }

  @Test
  void concurrentStartsOfTheSameKeyAreRefusedButOtherKeysRun() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    int callers = 8;
    CyclicBarrier together = new CyclicBarrier(callers);
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        answers.add(
            threads.submit(
                () -> {
                  together.await();
                  return executor.submit(KEY, new Note(gate, false), () -> {}).isPresent();
                }));
      }
      int started = 0;
      for (Future<Boolean> answer : answers) {
        started += answer.get(10, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(started).isEqualTo(1);
      assertThat(kind.ledger().recent(KEY, 10)).hasSize(1);
      assertThat(executor.submit(KEY, new Note(gate, false), () -> {})).isEmpty();
      assertThat(executor.submit(RunKey.of("team-a", "weekly"), new Note(gate, false), () -> {}))
          .isPresent();
    } finally {
      gate.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void closeAsksRunningRunsToStopAndTakesNoMore() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    executor.submit(KEY, new Note(gate, false), finished::countDown);

    executor.close();

    assertThat(kind.canceled.get()).isEqualTo(1);
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.submit(RunKey.of(null, "later"), new Note(gate, false), () -> {}))
        .isEmpty();
  }

  @Test
  void envelopeAccessorsAreNotWrittenAsFields() throws Exception {
    kind.store.write(
        new NoteRecord("20260101T000000Z-000001", null, "weekly", "success", null, null));
    String json =
        Files.readString(kind.store.directory(KEY).resolve("20260101T000000Z-000001.json"));
    assertThat(json)
        .contains("\"run_id\"", "\"note\"", "\"state\"")
        .doesNotContain("owner", "runPhase", "key", "finished\"", "attemptNumber");
  }

  private Map<Path, String> snapshot() throws IOException {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            root.relativize(file), Files.getLastModifiedTime(file) + " " + Files.readString(file));
      }
    }
    try (Stream<Path> walk = Files.walk(root)) {
      files.put(Path.of("(entries)"), String.valueOf(walk.count()));
    }
    return files;
  }
}
