package dev.bulwark.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.StatePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job store keeps facts of the whole history beside the newest records it keeps. */
class JobStoreTest {
  private static final String POLICY = "teaching-data";
  private static final Optional<String> COMPOSE = Optional.empty();

  @TempDir Path state;

  private JobStore store() {
    return new JobStore(new StatePaths(state));
  }

  /** Writes and trims like the runner: one record per job, trimmed after each. */
  private List<JobRecord> runJobs(JobStore store, Instant from, int count, String type) {
    List<JobRecord> written = new ArrayList<>();
    Instant began = from;
    for (int i = 0; i < count; i++, began = began.plusSeconds(300)) {
      JobRecord record = JobRecords.succeeded(POLICY, type, began);
      store.write(record);
      store.trim(COMPOSE, POLICY);
      written.add(record);
    }
    return written;
  }

  @Test
  void factsCoverRecordsTheTrimRemoved() {
    JobStore store = store();
    Instant start = Instant.parse("2026-03-01T02:00:00Z");
    JobRecord full = JobRecords.succeeded(POLICY, "full", start);
    store.write(full);
    JobRecord failed =
        JobRecords.failed(POLICY, "incremental", 1, FailureKind.TARGET, start.plusSeconds(300));
    store.write(failed);
    List<JobRecord> incrementals = runJobs(store, start.plusSeconds(600), 500, "incremental");

    PolicyJobs jobs = store.jobs(COMPOSE, POLICY);

    assertThat(recordFiles()).hasSize(JobStore.KEPT_PER_POLICY);
    assertThat(jobs.recent()).hasSize(JobLedger.WINDOW);
    assertThat(jobs.history().lastFullBeganAt()).isEqualTo(full.beganAt());
    assertThat(jobs.history().lastSuccessfulFull().jobId()).isEqualTo(full.jobId());
    assertThat(jobs.history().lastFailure().jobId()).isEqualTo(failed.jobId());
    assertThat(jobs.history().lastTargetFailure().jobId()).isEqualTo(failed.jobId());
    assertThat(jobs.history().firstJobAt()).isEqualTo(full.createdAt());
    assertThat(jobs.history().lastSuccess().jobId()).isEqualTo(incrementals.get(499).jobId());
    assertThat(jobs.history().failureStreak()).isZero();
    // 24 hours of 5-minute incrementals, most of them only in the archive now
    Instant end = incrementals.get(499).finishedAt();
    assertThat(jobs.history().incrementalsWithin(Duration.ofHours(24), end).succeeded())
        .isBetween(287, 289);
  }

  @Test
  void aNewStoreOverTheSameFolderSeesTheSameFacts() {
    Instant start = Instant.parse("2026-03-01T02:00:00Z");
    JobStore first = store();
    first.write(JobRecords.succeeded(POLICY, "full", start));
    runJobs(first, start.plusSeconds(300), 300, "incremental");

    HistoryFacts before = first.jobs(COMPOSE, POLICY).history();
    HistoryFacts after = store().jobs(COMPOSE, POLICY).history();

    assertThat(after.lastFullBeganAt()).isEqualTo(before.lastFullBeganAt()).isEqualTo(start);
    assertThat(after.lastSuccess()).isEqualTo(before.lastSuccess());
    assertThat(after.through()).isEqualTo(before.through());
  }

  @Test
  void withoutItsSummaryTheStoreStartsAgainFromTheRecordsLeft() throws IOException {
    Instant start = Instant.parse("2026-03-01T02:00:00Z");
    JobStore store = store();
    store.write(JobRecords.succeeded(POLICY, "full", start));
    List<JobRecord> incrementals = runJobs(store, start.plusSeconds(300), 250, "incremental");
    Files.delete(jobsDir().resolve("history.state"));

    HistoryFacts facts = store().jobs(COMPOSE, POLICY).history();

    assertThat(facts.lastFullBeganAt()).as("the full was only in the summary").isNull();
    assertThat(facts.lastSuccess().jobId()).isEqualTo(incrementals.get(249).jobId());
    assertThat(facts.withFullBeganAtLeast(Optional.of(start)).lastFullBeganAt()).isEqualTo(start);
  }

  @Test
  void recordsATrimAlreadyFoldedAreNotCountedTwice() throws IOException {
    Instant start = Instant.parse("2026-03-01T02:00:00Z");
    JobStore store = store();
    store.write(JobRecords.failed(POLICY, "incremental", 1, FailureKind.BACKUP, start));
    List<JobRecord> jobs =
        runJobs(store, start.plusSeconds(300), JobStore.KEPT_PER_POLICY, "incremental");
    // The failure is in the summary now; put it back as if the trim had died before deleting it.
    JobRecord failed = JobRecords.failed(POLICY, "incremental", 1, FailureKind.BACKUP, start);
    store.write(
        new JobRecord(
            store.jobs(COMPOSE, POLICY).history().lastFailure().jobId(),
            POLICY,
            null,
            "incremental",
            null,
            "local",
            JobTrigger.SCHEDULE,
            JobOrder.CONTROLLER,
            1,
            JobState.FAILED,
            failed.createdAt(),
            failed.startedAt(),
            failed.finishedAt(),
            null,
            null,
            null,
            List.of(),
            "boom",
            FailureKind.BACKUP,
            "h",
            1L));

    PolicyJobs read = store().jobs(COMPOSE, POLICY);

    assertThat(read.history().failureStreak()).isZero();
    assertThat(
            read.history()
                .incrementalsWithin(Duration.ofDays(2), jobs.get(jobs.size() - 1).finishedAt())
                .failed())
        .isEqualTo(1);
    assertThat(read.recent()).noneMatch(r -> r.state() == JobState.FAILED);
  }

  @Test
  void aFinishedRecordIsReadOnce() throws IOException {
    JobStore store = store();
    JobRecord full = JobRecords.succeeded(POLICY, "full", Instant.parse("2026-03-01T02:00:00Z"));
    store.write(full);
    assertThat(store.jobs(COMPOSE, POLICY).history().lastSuccess()).isEqualTo(full);
    JobRecord running =
        JobRecords.running(
            POLICY, "incremental", JobTrigger.SCHEDULE, 1, Instant.parse("2026-03-01T02:05:00Z"));
    store.write(running);
    // Damage the finished record behind the store's back: the store does not read it again.
    Files.writeString(jobsDir().resolve(full.jobId() + ".json"), "{not json");

    PolicyJobs jobs = store.jobs(COMPOSE, POLICY);

    assertThat(jobs.history().lastSuccess()).isEqualTo(full);
    assertThat(jobs.active()).contains(running);
  }

  private Path jobsDir() {
    return new StatePaths(state).jobsDir(COMPOSE, POLICY);
  }

  private List<Path> recordFiles() {
    try (Stream<Path> files = Files.list(jobsDir())) {
      return files
          .filter(f -> f.getFileName().toString().matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}\\.json"))
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
