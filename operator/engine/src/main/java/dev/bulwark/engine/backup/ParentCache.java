package dev.bulwark.engine.backup;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.files.AtomicFiles;
import dev.bulwark.engine.format.CatalogEntry;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.ObjectInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A local binary copy of what an incremental needs of the repository's newest snapshot, so that it
 * does not read and parse the parent's JSON manifests (docs/format.md, "Parent cache"). It is a
 * cache, never the truth: every use is checked against the repository (the newest snapshot's
 * catalog entry and the sizes of its manifests), and a missing, damaged or stale cache is rebuilt
 * from the manifests. Files are replaced atomically, so a killed job leaves the old or the new.
 */
public final class ParentCache {
  static final String NEWEST = "newest.bin";
  private static final String FULL_PREFIX = "full-";
  private static final String SUFFIX = ".bin";

  private final Path root;
  private final Runnable midWrite;

  private ParentCache(Path root, Runnable midWrite) {
    this.root = Objects.requireNonNull(root, "root");
    this.midWrite = midWrite;
  }

  /**
   * The cache kept under {@code directory}, one subdirectory per repository (target, env and
   * policy). The directory need not exist yet.
   */
  public static ParentCache in(Path directory) {
    return new ParentCache(directory, null);
  }

  /**
   * This cache, calling {@code hook} in the middle of every file it writes (with half of the file
   * in its temporary copy): crash tests kill the process there.
   */
  public ParentCache withMidWriteHook(Runnable hook) {
    return new ParentCache(root, hook);
  }

  /** The directory holding the cache files of {@code repo}. */
  public Path directoryOf(Repository repo) {
    String digest = Sha256.hex(repositoryId(repo).getBytes(StandardCharsets.UTF_8));
    return root.resolve(digest.substring(0, 16));
  }

  /** What a load found: the parent, or why the repository must be read instead. */
  record Lookup(ParentState parent, String miss) {}

  /**
   * The parent state of {@code newest} from the cache, checked against the repository with one
   * small read and one or two heads; a miss says why the cache cannot be used.
   */
  Lookup load(Repository repo, SnapshotSummary newest) throws EngineException {
    Path dir = directoryOf(repo);
    String id = repositoryId(repo);
    CachedNewest cachedNewest;
    CachedFull cachedFull;
    try {
      cachedNewest = ParentCacheCodec.decodeNewest(read(dir.resolve(NEWEST)), id);
    } catch (NoSuchFileException e) {
      return miss("the parent cache is missing");
    } catch (IOException e) {
      return miss("the parent cache is unreadable: " + e.getMessage());
    } catch (ParentCacheCodec.DamagedException e) {
      return miss("the parent cache file " + dir.resolve(NEWEST) + " " + e.getMessage());
    }
    if (!cachedNewest.jobId().equals(newest.jobId())) {
      return miss(
          "the parent cache is stale: it holds snapshot "
              + cachedNewest.jobId()
              + " but the repository's newest is "
              + newest.jobId());
    }
    if (!JobId.isValid(cachedNewest.fullJobId())) {
      return miss("the parent cache names an invalid full " + cachedNewest.fullJobId());
    }
    Path fullFile = dir.resolve(fullFileName(cachedNewest.fullJobId()));
    try {
      cachedFull = ParentCacheCodec.decodeFull(read(fullFile), id);
    } catch (NoSuchFileException e) {
      return miss("the parent cache has no part for full " + cachedNewest.fullJobId());
    } catch (IOException e) {
      return miss("the parent cache is unreadable: " + e.getMessage());
    } catch (ParentCacheCodec.DamagedException e) {
      return miss("the parent cache file " + fullFile + " " + e.getMessage());
    }
    if (!cachedFull.jobId().equals(cachedNewest.fullJobId())
        || !cachedFull.manifestSha256().equals(cachedNewest.fullManifestSha256())) {
      return miss(
          "the parent cache's part for full "
              + cachedNewest.fullJobId()
              + " does not match the manifest the newest part names");
    }
    CatalogEntry entry = repo.readCatalogEntry(newest);
    if (!cachedNewest.manifestSha256().equals(entry.manifestSha256())) {
      return miss(
          "the parent cache is stale: snapshot "
              + newest.jobId()
              + "'s manifest in the repository has SHA-256 "
              + entry.manifestSha256()
              + ", the cache was built from "
              + cachedNewest.manifestSha256());
    }
    if (!cachedNewest.isFull() && !cachedNewest.fullJobId().equals(entry.parentFull())) {
      return miss(
          "the parent cache is stale: snapshot "
              + newest.jobId()
              + " names full "
              + entry.parentFull()
              + " in the repository");
    }
    String sizeMiss = sizeMismatch(repo, cachedNewest.jobId(), cachedNewest.manifestSize());
    if (sizeMiss == null && !cachedNewest.isFull()) {
      sizeMiss = sizeMismatch(repo, cachedFull.jobId(), cachedFull.manifestSize());
    }
    if (sizeMiss != null) {
      return miss(sizeMiss);
    }
    return new Lookup(new ParentState(cachedFull, cachedNewest, "parent cache"), null);
  }

  /**
   * Stores {@code parent}, just read from the repository, so the next job finds it: the full's part
   * first, then the newest part that names it.
   */
  void store(Repository repo, ParentState parent) throws IOException {
    Path dir = directoryOf(repo);
    String id = repositoryId(repo);
    Path fullFile = dir.resolve(fullFileName(parent.full.jobId()));
    write(fullFile, ParentCacheCodec.encodeFull(id, parent.full));
    write(dir.resolve(NEWEST), ParentCacheCodec.encodeNewest(id, parent.newest));
    removeOtherFulls(dir, fullFile);
  }

  /**
   * Records the snapshot just committed as the newest: a full replaces the cache; an incremental
   * replaces only the newest part (its full's part is already there when {@code parent} was).
   */
  void storeCommitted(Repository repo, Manifest manifest, byte[] manifestBytes, ParentState parent)
      throws IOException {
    Path dir = directoryOf(repo);
    String id = repositoryId(repo);
    String sha = Sha256.hex(manifestBytes);
    if (manifest.isFull()) {
      CachedFull full =
          new CachedFull(
              manifest.jobId(),
              sha,
              manifestBytes.length,
              manifest.startedAt(),
              manifest.encryption() == null ? null : manifest.encryption().keyId(),
              manifest.packs(),
              manifest.files());
      Path fullFile = dir.resolve(fullFileName(full.jobId()));
      write(fullFile, ParentCacheCodec.encodeFull(id, full));
      write(dir.resolve(NEWEST), ParentCacheCodec.encodeNewest(id, CachedNewest.ofFull(full)));
      removeOtherFulls(dir, fullFile);
      return;
    }
    CachedNewest newest =
        new CachedNewest(
            manifest.jobId(),
            manifest.snapshotType(),
            sha,
            manifestBytes.length,
            parent.full.jobId(),
            parent.full.manifestSha256(),
            manifest.packs(),
            manifest.files(),
            manifest.deleted() == null ? List.of() : manifest.deleted());
    write(dir.resolve(NEWEST), ParentCacheCodec.encodeNewest(id, newest));
  }

  private static Lookup miss(String reason) {
    return new Lookup(null, reason);
  }

  private static String sizeMismatch(Repository repo, String jobId, long size)
      throws EngineException {
    String key = repo.layout().manifestKey(jobId);
    Optional<ObjectInfo> info;
    try {
      info = repo.target().head(key);
    } catch (IOException e) {
      throw new TargetAccessException(key, "checking the parent cache", e);
    }
    if (info.isEmpty()) {
      return "the parent cache is stale: manifest " + key + " is gone from the repository";
    }
    if (info.get().size() != size) {
      return "the parent cache is stale: manifest "
          + key
          + " is "
          + info.get().size()
          + " bytes in the repository, "
          + size
          + " when the cache was built";
    }
    return null;
  }

  private void write(Path file, byte[] bytes) throws IOException {
    if (midWrite == null) {
      AtomicFiles.write(file, bytes);
    } else {
      AtomicFiles.write(file, bytes, midWrite);
    }
  }

  private static byte[] read(Path file) throws IOException {
    return Files.readAllBytes(file);
  }

  /** Deletes the parts of other fulls and what killed writes left behind. */
  private static void removeOtherFulls(Path dir, Path keep) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        boolean otherFull =
            name.startsWith(FULL_PREFIX) && name.endsWith(SUFFIX) && !f.equals(keep);
        boolean leftover = name.startsWith(".") && name.endsWith(AtomicFiles.TEMP_SUFFIX);
        if (otherFull || leftover) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  static String fullFileName(String jobId) {
    return FULL_PREFIX + jobId + SUFFIX;
  }

  /** Names the repository a cache file belongs to: its target, env and policy. */
  static String repositoryId(Repository repo) {
    return repo.target().provider()
        + "\n"
        + repo.target().describe()
        + "\n"
        + repo.layout().env()
        + "\n"
        + repo.layout().policy();
  }
}
