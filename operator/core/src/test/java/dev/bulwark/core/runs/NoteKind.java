package dev.bulwark.core.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest real run kind, for the framework's tests: a run writes a note record as running,
 * waits for its gate, then ends it as success (or throws mid-way, leaving the record running as a
 * crash would). Recovery ends leftovers as canceled under the run lock, like backup jobs do.
 */
final class NoteKind implements RunKind<NoteKind.Note, NoteKind.NoteRecord> {

  /** What a note run is asked to do. */
  record Note(CountDownLatch gate, boolean crash) {}

  /** A note run's record, with its own field names. */
  record NoteRecord(
      @JsonProperty("run_id") String runId,
      @JsonProperty("namespace") String namespace,
      @JsonProperty("note") String note,
      @JsonProperty("state") String state,
      @JsonProperty("started_at") Instant startedAt,
      @JsonProperty("finished_at") Instant finishedAt)
      implements RunRecord {

    @Override
    public String owner() {
      return note;
    }

    @Override
    public RunPhase runPhase() {
      return switch (state) {
        case "running" -> RunPhase.RUNNING;
        case "success" -> RunPhase.SUCCEEDED;
        default -> RunPhase.CANCELED;
      };
    }

    NoteRecord ended(String how) {
      return new NoteRecord(runId, namespace, note, how, startedAt, Instant.now());
    }
  }

  final RunStore<NoteRecord> store;
  final AtomicInteger canceled = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();

  NoteKind(Path root) {
    this.store =
        new RunStore<>(
            NoteRecord.class,
            "note record",
            key -> root.resolve(key.namespace().orElse("-")).resolve(key.owner()));
  }

  @Override
  public String name() {
    return "note";
  }

  @Override
  public PreparedRun<NoteRecord> prepare(RunKey key, Note request) {
    NoteRecord running =
        new NoteRecord(
            String.format("20260101T000000Z-%06d", ids.incrementAndGet()),
            key.namespace().orElse(null),
            key.owner(),
            "running",
            Instant.now(),
            null);
    store.write(running);
    return new PreparedRun<>() {
      @Override
      public Optional<NoteRecord> recorded() {
        return Optional.of(running);
      }

      @Override
      public void run() {
        // Held, never read: the try block below is what it guards.
        RunLock held = RunLock.tryAcquire(store.directory(key), running.runId()).orElseThrow();
        try (held) {
          if (!request.gate().await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
          }
          if (request.crash()) {
            throw new IllegalStateException("crashed mid-way");
          }
          store.write(running.ended("success"));
        } catch (InterruptedException e) {
          store.write(running.ended("canceled"));
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void cancel(String why) {
        canceled.incrementAndGet();
        request.gate().countDown();
      }
    };
  }

  @Override
  public RunLedger<NoteRecord> ledger() {
    return store.ledger();
  }

  @Override
  public boolean recover(RunKey key) {
    Optional<RunLock> lock = RunLock.tryAcquire(store.directory(key), "recovery");
    if (lock.isEmpty()) {
      return false;
    }
    // Held, never read: the try block below is what it guards.
    RunLock held = lock.get();
    try (held) {
      for (NoteRecord record : store.recent(key, RunLedger.WINDOW)) {
        if (!record.finished()) {
          store.write(record.ended("canceled"));
        }
      }
      return true;
    }
  }
}
