package dev.bulwark.core.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.bulwark.core.StatePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job history of every policy: one JSON file per job, {@code <jobs dir>/<job_id>.json},
 * rewritten atomically (temporary file, then rename) at each change of state, so a crash leaves the
 * previous version or the new one, never half of either. Job ids sort by start time, so the newest
 * jobs are the last file names. Only the newest {@link #KEPT_PER_POLICY} are kept.
 */
public final class JobStore {
  /** How many job records a policy keeps on disk. */
  public static final int KEPT_PER_POLICY = 200;

  private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
  private static final String SUFFIX = ".json";
  private static final String LIFECYCLE = "lifecycle.state";
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private final StatePaths paths;

  /** A store under the state directory laid out by {@code paths}. */
  public JobStore(StatePaths paths) {
    this.paths = paths;
  }

  /** The directory of one policy's records and lock. */
  public Path directory(Optional<String> namespace, String policy) {
    return paths.jobsDir(namespace, policy);
  }

  /** Writes (or replaces) one record atomically. */
  public void write(JobRecord record) {
    Path dir = directory(Optional.ofNullable(record.namespace()), record.policy());
    Path file = dir.resolve(record.jobId() + SUFFIX);
    Path temporary = dir.resolve("." + record.jobId() + ".tmp");
    try {
      Files.createDirectories(dir);
      Files.write(temporary, JSON.writeValueAsBytes(record));
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write job record " + file + ": " + e.getMessage(), e);
    }
  }

  /** The newest {@code limit} records of a policy, newest first; unreadable files are skipped and logged. */
  public List<JobRecord> recent(Optional<String> namespace, String policy, int limit) {
    List<Path> files = files(directory(namespace, policy));
    List<JobRecord> records = new ArrayList<>();
    for (int i = files.size() - 1; i >= 0 && records.size() < limit; i--) {
      read(files.get(i)).ifPresent(records::add);
    }
    return records;
  }

  /** Removes all but the newest {@link #KEPT_PER_POLICY} records of a policy. */
  public void trim(Optional<String> namespace, String policy) {
    List<Path> files = files(directory(namespace, policy));
    for (int i = 0; i < files.size() - KEPT_PER_POLICY; i++) {
      try {
        Files.deleteIfExists(files.get(i));
      } catch (IOException e) {
        LOG.warn("cannot remove old job record {}: {}", files.get(i), e.getMessage());
      }
    }
  }

  /** Records the last lifecycle reconcile of a policy's target. */
  public void writeLifecycle(Optional<String> namespace, String policy, LifecycleState state) {
    Path dir = directory(namespace, policy);
    Path temporary = dir.resolve(".lifecycle.tmp");
    try {
      Files.createDirectories(dir);
      Files.write(temporary, JSON.writeValueAsBytes(state));
      Files.move(temporary, dir.resolve(LIFECYCLE), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(LIFECYCLE) + ": " + e.getMessage(), e);
    }
  }

  /** The last lifecycle reconcile of a policy's target, if one ran. */
  public Optional<LifecycleState> lifecycle(Optional<String> namespace, String policy) {
    Path file = directory(namespace, policy).resolve(LIFECYCLE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), LifecycleState.class));
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static List<Path> files(Path dir) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      stream.forEach(files::add);
    } catch (NoSuchFileException e) {
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list job records in " + dir + ": " + e.getMessage(), e);
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return files;
  }

  private static Optional<JobRecord> read(Path file) {
    try {
      return Optional.of(JSON.readValue(file.toFile(), JobRecord.class));
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping unreadable job record {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }
}
