package dev.bulwark.engine.restore;

import dev.bulwark.engine.format.JobId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to restore and where. The snapshot is given by id, or by a point in time (the newest
 * snapshot finished at or before it), or defaults to the newest. Build one with {@link
 * #builder(Path)}.
 *
 * <ul>
 *   <li>L1: one path or glob ({@link Builder#path}), matched against archive paths such as {@code
 *       data/raw/exams/e1.json}; a match on a directory selects everything below it.
 *   <li>L2: {@link Builder#at} a point in time.
 *   <li>L3: no paths, into an empty directory.
 * </ul>
 */
public final class RestoreRequest {
  private final Path destination;
  private final String snapshotId;
  private final Instant at;
  private final List<String> paths;
  private final boolean dryRun;
  private final boolean force;
  private final int threads;
  private final java.util.Map<String, Integer> readerSchemaVersions;

  private RestoreRequest(Builder b) {
    this.destination = b.destination;
    this.snapshotId = b.snapshotId;
    this.at = b.at;
    this.paths = List.copyOf(b.paths);
    this.dryRun = b.dryRun;
    this.force = b.force;
    this.threads = b.threads;
    this.readerSchemaVersions = java.util.Map.copyOf(b.readerSchemaVersions);
  }

  /** A request to restore into {@code destination}. */
  public static Builder builder(Path destination) {
    return new Builder(destination);
  }

  public Path destination() {
    return destination;
  }

  public Optional<String> snapshotId() {
    return Optional.ofNullable(snapshotId);
  }

  public Optional<Instant> at() {
    return Optional.ofNullable(at);
  }

  /** Globs selecting what to restore; empty restores everything. */
  public List<String> paths() {
    return paths;
  }

  /** Verify everything (checks, decryption, decompression, hashes) and write nothing. */
  public boolean dryRun() {
    return dryRun;
  }

  /** Replace existing files and symlinks (never writing through a symlink). */
  public boolean force() {
    return force;
  }

  public int threads() {
    return threads;
  }

  /**
   * Per data domain, the schema version N its readers are at (they read N-1 too): a pre-check
   * refuses a restore of files declaring a version outside N-1..N ({@code SchemaVersions}). Empty:
   * nothing is checked.
   */
  public java.util.Map<String, Integer> readerSchemaVersions() {
    return readerSchemaVersions;
  }

  /** Builds a {@link RestoreRequest}. */
  public static final class Builder {
    private final Path destination;
    private String snapshotId;
    private Instant at;
    private final List<String> paths = new ArrayList<>();
    private boolean dryRun;
    private boolean force;
    private int threads = Runtime.getRuntime().availableProcessors();
    private final java.util.Map<String, Integer> readerSchemaVersions = new java.util.TreeMap<>();

    private Builder(Path destination) {
      this.destination = Objects.requireNonNull(destination, "destination");
    }

    /** Restores snapshot {@code jobId}. */
    public Builder snapshot(String jobId) {
      this.snapshotId = JobId.check(jobId);
      this.at = null;
      return this;
    }

    /** Restores the state as of {@code time}: the newest snapshot finished at or before it. */
    public Builder at(Instant time) {
      this.at = Objects.requireNonNull(time, "time");
      this.snapshotId = null;
      return this;
    }

    /** Adds a path or glob to restore (L1). */
    public Builder path(String glob) {
      paths.add(Objects.requireNonNull(glob, "glob"));
      return this;
    }

    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Refuses files whose schema version the readers of their domain cannot read (see the getter).
     */
    public Builder readerSchemaVersions(java.util.Map<String, Integer> versions) {
      readerSchemaVersions.clear();
      if (versions != null) {
        versions.forEach(
            (domain, version) -> {
              if (domain != null && version != null) {
                readerSchemaVersions.put(domain, version);
              }
            });
      }
      return this;
    }

    public RestoreRequest build() {
      return new RestoreRequest(this);
    }
  }
}
