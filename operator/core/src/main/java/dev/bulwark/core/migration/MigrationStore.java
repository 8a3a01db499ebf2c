package dev.bulwark.core.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run records of every plan, one file per run, written atomically; also the file-backed ledger.
 */
public final class MigrationStore implements MigrationLedger {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationStore.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private final MigrationPaths paths;
  private final Clock clock;

  /** Records under {@code paths}. */
  public MigrationStore(MigrationPaths paths, Clock clock) {
    this.paths = paths;
    this.clock = clock;
  }

  /**
   * Writes (or rewrites) a record; a failure is logged, as the audit line is the lasting account.
   */
  void write(MigrationRecord record) {
    Path file =
        paths
            .runs(Optional.ofNullable(record.namespace()), record.plan())
            .resolve(record.runId() + ".json");
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      LOG.error(
          "MigrationPlan/{}: cannot write run record {}: {}", record.plan(), file, e.getMessage());
    }
  }

  @Override
  public Optional<MigrationRecord> latest(Optional<String> namespace, String plan) {
    Path dir = paths.runs(namespace, plan);
    try (Stream<Path> files = Files.list(dir)) {
      Optional<Path> newest =
          files
              .filter(f -> f.getFileName().toString().endsWith(".json"))
              .max(Comparator.comparing(f -> f.getFileName().toString()));
      if (newest.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          abandonedAsFailed(
              JSON.readValue(Files.readAllBytes(newest.get()), MigrationRecord.class)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | UncheckedIOException e) {
      LOG.warn(
          "MigrationPlan/{}: cannot read its run records in {}: {}", plan, dir, e.getMessage());
      return Optional.empty();
    }
  }

  /** The record as is, or ended as interrupted when its process is gone. */
  private MigrationRecord abandonedAsFailed(MigrationRecord record) {
    if (record.finished()
        || !Objects.equals(record.host(), MigrationRecord.hostName())
        || record.pid() == null
        || ProcessHandle.of(record.pid()).map(ProcessHandle::isAlive).orElse(false)) {
      return record;
    }
    return record.interruptedAt(clock.instant());
  }
}
