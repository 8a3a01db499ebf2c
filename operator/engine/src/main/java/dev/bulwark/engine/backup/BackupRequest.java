package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.RepositoryLayout;
import dev.bulwark.engine.format.SnapshotType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/** What to back up and how: build one with {@link #builder()}. */
public final class BackupRequest {
  /** The default largest stream part: 32 MiB. */
  public static final long DEFAULT_STREAM_PART_SIZE = 32L * 1024 * 1024;

  /**
   * After a failure: the wait for upload threads, and then for the deletion of the job's objects.
   */
  public static final Duration DEFAULT_CLEANUP_TIMEOUT = Duration.ofMinutes(2);

  private final List<SourceDirectory> sources;
  private final List<StreamSource> streams;
  private final long streamPartSize;
  private final SnapshotType snapshotType;
  private final List<String> labels;
  private final boolean dryRun;
  private final String jobId;
  private final Map<String, String> schemaVersions;
  private final Map<String, String> toolVersions;
  private final String restoreEntrypoint;
  private final Path stateDirectory;
  private final ParentCache parentCache;
  private final int compressionLevel;
  private final long packSize;
  private final int threads;
  private final Duration lockStaleAfter;
  private final Duration cleanupTimeout;
  private final long uploadBytesPerSecond;
  private final int maxConcurrentUploads;

  private BackupRequest(Builder b) {
    if (b.sources.isEmpty() && b.streams.isEmpty()) {
      throw new IllegalArgumentException("a backup needs at least one source or stream");
    }
    this.sources = List.copyOf(b.sources);
    this.streams = List.copyOf(b.streams);
    checkStreamPaths(sources, streams);
    this.streamPartSize = b.streamPartSize;
    this.snapshotType = b.snapshotType;
    this.labels = List.copyOf(b.labels);
    this.dryRun = b.dryRun;
    this.jobId = b.jobId;
    this.schemaVersions = Map.copyOf(b.schemaVersions);
    this.toolVersions = Map.copyOf(b.toolVersions);
    this.restoreEntrypoint = b.restoreEntrypoint;
    this.stateDirectory = b.stateDirectory;
    this.parentCache = b.parentCache;
    this.compressionLevel = b.compressionLevel;
    this.packSize = b.packSize;
    this.threads = b.threads;
    this.lockStaleAfter = b.lockStaleAfter;
    this.cleanupTimeout = b.cleanupTimeout;
    this.uploadBytesPerSecond = b.uploadBytesPerSecond;
    this.maxConcurrentUploads = b.maxConcurrentUploads;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The sources, in the order given (the engine reads them P0 first, stable within a priority). */
  public List<SourceDirectory> sources() {
    return sources;
  }

  /** The streams (e.g. database dumps), each read whole; P0 first like the sources. */
  public List<StreamSource> streams() {
    return streams;
  }

  /** The largest part a stream is cut into; one part at a time is held in memory per job. */
  public long streamPartSize() {
    return streamPartSize;
  }

  /**
   * Refuses streams whose archive paths collide with each other or with a directory source's (one a
   * prefix of the other): a restore could not tell their entries apart.
   */
  private static void checkStreamPaths(List<SourceDirectory> sources, List<StreamSource> streams) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (StreamSource stream : streams) {
      String path = stream.archivePath();
      if (!seen.add(path)) {
        throw new IllegalArgumentException("two streams are both named " + path);
      }
      for (SourceDirectory source : sources) {
        String base = source.archivePath();
        if (base.isEmpty()
            || path.equals(base)
            || path.startsWith(base + "/")
            || base.startsWith(path + ".part-")
            || base.startsWith(path + "/")) {
          throw new IllegalArgumentException(
              "stream "
                  + path
                  + " (domain "
                  + stream.domain()
                  + ") would be stored inside directory"
                  + " source "
                  + source.path()
                  + "; rename the stream's domain or move the source");
        }
      }
    }
  }

  /** The type asked for; an incremental with no earlier snapshot to compare against runs full. */
  public SnapshotType snapshotType() {
    return snapshotType;
  }

  public List<String> labels() {
    return labels;
  }

  public boolean dryRun() {
    return dryRun;
  }

  /** The job id to use; empty to generate one from the start time. */
  public Optional<String> jobId() {
    return Optional.ofNullable(jobId);
  }

  public Map<String, String> schemaVersions() {
    return schemaVersions;
  }

  /** Extra tool versions to record (e.g. pg_dump); bulwark, zstd and java are always recorded. */
  public Map<String, String> toolVersions() {
    return toolVersions;
  }

  /** The restore command recorded in the manifest; empty for the default. */
  public Optional<String> restoreEntrypoint() {
    return Optional.ofNullable(restoreEntrypoint);
  }

  /** A local directory that receives {@code latest_<target>.json} after success. */
  public Optional<Path> stateDirectory() {
    return Optional.ofNullable(stateDirectory);
  }

  /**
   * The local cache of the newest snapshot's index that an incremental reads instead of the
   * parent's manifests; empty to always read the manifests.
   */
  public Optional<ParentCache> parentCache() {
    return Optional.ofNullable(parentCache);
  }

  public int compressionLevel() {
    return compressionLevel;
  }

  public long packSize() {
    return packSize;
  }

  public int threads() {
    return threads;
  }

  public Duration lockStaleAfter() {
    return lockStaleAfter;
  }

  /**
   * After a failure, how long the job waits for its upload threads to stop, and then how long for
   * the deletion of what it wrote; what is left after that is cleaned up by the next job.
   */
  public Duration cleanupTimeout() {
    return cleanupTimeout;
  }

  /** The upload bandwidth limit shared by all upload threads of the job; empty: unlimited. */
  public OptionalLong uploadBytesPerSecond() {
    return uploadBytesPerSecond > 0 ? OptionalLong.of(uploadBytesPerSecond) : OptionalLong.empty();
  }

  /** The most pack uploads transferring at once; empty: one per worker thread. */
  public OptionalInt maxConcurrentUploads() {
    return maxConcurrentUploads > 0 ? OptionalInt.of(maxConcurrentUploads) : OptionalInt.empty();
  }

  /** Builds a {@link BackupRequest}. */
  public static final class Builder {
    private final List<SourceDirectory> sources = new ArrayList<>();
    private final List<StreamSource> streams = new ArrayList<>();
    private long streamPartSize = DEFAULT_STREAM_PART_SIZE;
    private SnapshotType snapshotType = SnapshotType.INCREMENTAL;
    private final LinkedHashSet<String> labels = new LinkedHashSet<>();
    private boolean dryRun;
    private String jobId;
    private final Map<String, String> schemaVersions = new TreeMap<>();
    private final Map<String, String> toolVersions = new TreeMap<>();
    private String restoreEntrypoint;
    private Path stateDirectory;
    private ParentCache parentCache;
    private int compressionLevel = 3;
    private long packSize = 64L * 1024 * 1024;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Duration lockStaleAfter = Duration.ofMinutes(10);
    private Duration cleanupTimeout = DEFAULT_CLEANUP_TIMEOUT;
    private long uploadBytesPerSecond;
    private int maxConcurrentUploads;

    private Builder() {}

    public Builder source(SourceDirectory source) {
      sources.add(source);
      return this;
    }

    public Builder sources(List<SourceDirectory> list) {
      sources.addAll(list);
      return this;
    }

    /** Adds a stream, read whole by every job (full or incremental). */
    public Builder stream(StreamSource stream) {
      streams.add(java.util.Objects.requireNonNull(stream, "stream"));
      return this;
    }

    /** Adds streams, e.g. the database dumps of a policy. */
    public Builder streams(List<StreamSource> list) {
      list.forEach(this::stream);
      return this;
    }

    /**
     * The largest part a stream is cut into (default 32 MiB, at least 64 KiB): the memory one
     * stream costs while it is read, and the unit stored as one tar entry.
     */
    public Builder streamPartSize(long bytes) {
      if (bytes < 64 * 1024 || bytes > 1024L * 1024 * 1024) {
        throw new IllegalArgumentException(
            "stream part size must be 64 KiB to 1 GiB, was " + bytes);
      }
      this.streamPartSize = bytes;
      return this;
    }

    /** full or incremental (the default). */
    public Builder snapshotType(SnapshotType type) {
      this.snapshotType = type;
      return this;
    }

    /** Adds a label such as {@code pre-upgrade} (lower-case letters, digits, '-'). */
    public Builder label(String label) {
      labels.add(RepositoryLayout.checkLabel(label));
      return this;
    }

    /** Walks, compares and reports what would be written, and writes nothing. */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** Uses {@code id} instead of a generated job id. */
    public Builder jobId(String id) {
      this.jobId = JobId.check(id);
      return this;
    }

    public Builder schemaVersion(String object, String version) {
      schemaVersions.put(object, version);
      return this;
    }

    public Builder schemaVersions(Map<String, String> versions) {
      schemaVersions.putAll(versions);
      return this;
    }

    public Builder toolVersion(String tool, String version) {
      toolVersions.put(tool, version);
      return this;
    }

    public Builder restoreEntrypoint(String command) {
      this.restoreEntrypoint = command;
      return this;
    }

    public Builder stateDirectory(Path dir) {
      this.stateDirectory = dir;
      return this;
    }

    /** Keeps the parent's index in {@code cache} between jobs (docs/format.md, "Parent cache"). */
    public Builder parentCache(ParentCache cache) {
      this.parentCache = cache;
      return this;
    }

    /** zstd level, 1-19 (default 3: fast, and within a few percent of higher levels on JSON). */
    public Builder compressionLevel(int level) {
      if (level < 1 || level > 19) {
        throw new IllegalArgumentException("compression level must be 1-19, was " + level);
      }
      this.compressionLevel = level;
      return this;
    }

    /** Target pack size (default 64 MiB); a pack closes at the first frame past it. */
    public Builder packSize(long bytes) {
      if (bytes < 1024 * 1024) {
        throw new IllegalArgumentException("pack size must be at least 1 MiB, was " + bytes);
      }
      this.packSize = bytes;
      return this;
    }

    /** Worker threads reading, hashing, compressing and writing (default: one per core). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * After a failure, how long to wait for the upload threads to stop and, separately, for the
     * job's objects to be deleted (default 2 minutes each); a dead store cannot hold the job
     * longer.
     */
    public Builder cleanupTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("cleanup timeout must not be negative, was " + timeout);
      }
      this.cleanupTimeout = timeout;
      return this;
    }

    /** How long the lock stays valid without a refresh (default 10 minutes). */
    public Builder lockStaleAfter(Duration staleAfter) {
      this.lockStaleAfter = staleAfter;
      return this;
    }

    /**
     * Limits pack uploads to {@code bytesPerSecond} on average, shared by all upload threads, so
     * that a backup does not disturb live traffic (R10); 0 removes the limit (the default).
     */
    public Builder uploadBytesPerSecond(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException(
            "upload bandwidth limit must be 0 (unlimited) or a positive number of bytes per second,"
                + " was "
                + bytesPerSecond);
      }
      this.uploadBytesPerSecond = bytesPerSecond;
      return this;
    }

    /**
     * Lets at most {@code uploads} threads transfer pack bytes to the target at once (the others
     * keep reading and compressing); 0 removes the bound (the default: one per worker thread).
     */
    public Builder maxConcurrentUploads(int uploads) {
      if (uploads < 0) {
        throw new IllegalArgumentException(
            "max concurrent uploads must be 0 (unbounded) or more, was " + uploads);
      }
      this.maxConcurrentUploads = uploads;
      return this;
    }

    public BackupRequest build() {
      return new BackupRequest(this);
    }
  }
}
