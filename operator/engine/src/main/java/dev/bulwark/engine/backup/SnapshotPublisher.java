package dev.bulwark.engine.backup;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.files.AtomicFiles;
import dev.bulwark.engine.format.CatalogEntry;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.LatestPointer;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.index.IndexWriter;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.ObjectExistsException;
import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The commit protocol's last steps and its recovery (docs/format.md, "Commit protocol"): write the
 * manifest (the commit point), then the catalog entry and the latest pointers; after a crash,
 * either finish publishing a committed job or delete an uncommitted one's objects.
 */
final class SnapshotPublisher {
  private final Repository repo;
  private final Path stateDirectory;

  SnapshotPublisher(Repository repo, Path stateDirectory) {
    this.repo = repo;
    this.stateDirectory = stateDirectory;
  }

  /**
   * Writes the snapshot's seekable index beside the manifest, before it (a job that dies here left
   * an index and no manifest: the uncommitted job's objects, deleted by its recovery), and returns
   * the manifest naming it.
   */
  Manifest writeIndex(Manifest manifest) throws EngineException {
    String key = repo.layout().indexKey(manifest.jobId(), repo.encryptionKey().isPresent());
    IndexWriter.Written index = IndexWriter.write(manifest, key, repo.encryptionKey().orElse(null));
    try {
      repo.target().put(key, index.bytes(), tagsOf(manifest).manifest(manifest.snapshotType()));
    } catch (IOException e) {
      throw new TargetAccessException(key, "writing the index", e);
    }
    return manifest.withIndex(index.ref());
  }

  /** Writes the manifest once, atomically: from here on the snapshot exists. */
  byte[] commit(Manifest manifest) throws EngineException {
    byte[] bytes = Json.write(manifest);
    String key = repo.layout().manifestKey(manifest.jobId());
    try {
      repo.target().put(key, bytes, tagsOf(manifest).manifest(manifest.snapshotType()));
    } catch (IOException e) {
      throw new TargetAccessException(key, "writing the manifest", e);
    }
    return bytes;
  }

  /** Makes a committed snapshot findable: catalog entry, then latest pointers. */
  void publish(Manifest manifest, byte[] manifestBytes) throws EngineException {
    Instant finished = Instant.parse(manifest.finishedAt());
    String catalogKey =
        repo.layout()
            .catalogKey(manifest.jobId(), manifest.snapshotType(), finished, manifest.labels());
    String manifestKey = repo.layout().manifestKey(manifest.jobId());
    CatalogEntry entry = CatalogEntry.of(manifest, manifestKey, Sha256.hex(manifestBytes));
    try {
      repo.target()
          .put(
              catalogKey,
              Json.write(entry),
              tagsOf(manifest).catalogEntry(manifest.snapshotType()));
    } catch (ObjectExistsException e) {
      // Published before a crash: the entry is write-once and already right.
    } catch (IOException e) {
      throw new TargetAccessException(catalogKey, "writing the catalog entry", e);
    }
    LatestPointer pointer = LatestPointer.of(manifest, repo.target().provider(), manifestKey);
    byte[] pointerBytes = Json.write(pointer);
    String latestKey = repo.layout().latestKey(repo.target().provider());
    try {
      repo.target().replace(latestKey, pointerBytes);
    } catch (IOException e) {
      throw new TargetAccessException(latestKey, "writing the latest pointer", e);
    }
    if (stateDirectory != null) {
      Path file = stateDirectory.resolve("latest_" + repo.target().provider() + ".json");
      try {
        AtomicFiles.write(file, pointerBytes);
      } catch (IOException e) {
        throw new TargetAccessException(file.toString(), "writing the local latest pointer", e);
      }
    }
  }

  /**
   * Cleans up after job {@code jobId} that did not finish: publishes it if its manifest was
   * written, otherwise deletes everything it wrote and aborts its incomplete uploads.
   *
   * @return whether the job turned out to be committed
   */
  boolean recover(String jobId) throws EngineException {
    Target target = repo.target();
    String manifestKey = repo.layout().manifestKey(jobId);
    try {
      Optional<ObjectInfo> manifest = target.head(manifestKey);
      if (manifest.isPresent()) {
        byte[] bytes = target.read(manifestKey, Repository.MAX_DOCUMENT_BYTES);
        if (repo.catalog().find(jobId).isEmpty()) {
          publish(Repository.parseManifest(bytes, manifestKey), bytes);
        }
        return true;
      }
      discard(jobId);
      return false;
    } catch (IOException e) {
      throw new TargetAccessException(manifestKey, "recovering job " + jobId, e);
    }
  }

  private JobTags tagsOf(Manifest manifest) {
    return new JobTags(repo, manifest.jobId());
  }

  /** Deletes every object of an uncommitted job and aborts its incomplete uploads. */
  void discard(String jobId) throws IOException {
    Target target = repo.target();
    String prefix = repo.layout().jobPrefix(jobId);
    if (target.head(repo.layout().manifestKey(jobId)).isPresent()) {
      throw new IllegalStateException("job " + jobId + " is committed; refusing to discard it");
    }
    target.abortIncompleteWrites(prefix);
    List<String> keys = new ArrayList<>();
    Iterator<ObjectInfo> it = target.listAll(prefix);
    while (it.hasNext()) {
      keys.add(it.next().key());
    }
    for (String key : keys) {
      target.delete(key);
    }
  }
}
