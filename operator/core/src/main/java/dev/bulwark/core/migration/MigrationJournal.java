package dev.bulwark.core.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.bulwark.engine.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a run may touch, written (atomically) before it touches anything and removed once every
 * object is migrated or verified rolled back. Finding one at the start of a run means the previous
 * run died: every listed object whose bytes differ from its {@code sha256} is restored from {@code
 * snapshot_job_id} before anything else happens.
 *
 * @param runId the run that wrote it
 * @param plan the MigrationPlan
 * @param namespace its namespace; null in compose mode
 * @param snapshotJobId the pre-migration snapshot
 * @param target the target holding it (local, s3, oss)
 * @param from the plan's from version
 * @param to the plan's to version
 * @param startedAt when the run started
 * @param objects every object the run planned to migrate, with its bytes' hash before the run
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MigrationJournal(
    @JsonProperty("run_id") String runId,
    @JsonProperty("plan") String plan,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("snapshot_job_id") String snapshotJobId,
    @JsonProperty("target") String target,
    @JsonProperty("from") int from,
    @JsonProperty("to") int to,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("objects") List<Entry> objects) {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  public MigrationJournal {
    objects = List.copyOf(objects);
  }

  /** The journal in {@code file}, if there is one. */
  public static Optional<MigrationJournal> read(Path file) throws IOException {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(file), MigrationJournal.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Writes the journal to {@code file}, all or nothing. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsBytes(this));
  }

  /**
   * One object the run may touch.
   *
   * @param path its absolute path
   * @param name domain/relative, as reports show it
   * @param archivePath its path in the snapshot
   * @param sha256 hex SHA-256 of its bytes before the run (equal to the snapshot's)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(
      @JsonProperty("path") String path,
      @JsonProperty("name") String name,
      @JsonProperty("archive_path") String archivePath,
      @JsonProperty("sha256") String sha256) {}
}
