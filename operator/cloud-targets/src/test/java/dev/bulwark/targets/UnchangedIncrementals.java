package dev.bulwark.targets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.CatalogEntry;
import dev.bulwark.engine.format.FormatVersion;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.repository.Repository;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Publishes many incremental snapshots of an unchanged source in seconds rather than running a job
 * for each. It clones an incremental the engine wrote when nothing had changed: such a manifest
 * lists no files, packs or objects, so a copy with its own job id, parent and times is exactly what
 * the engine would have written for the later job. Each clone is committed as the engine commits:
 * manifest first, then its catalog entry with the manifest's SHA-256. The clones carry no object
 * tags: tags only drive bucket lifecycle, which nothing here exercises, and an untagged put costs
 * S3Mock about half as much.
 */
public final class UnchangedIncrementals {
  private static final int WRITERS = 8;

  private UnchangedIncrementals() {}

  /**
   * Publishes {@code count} incrementals after {@code template}, the first starting at {@code
   * firstStart} and each following {@code cadence} later, each finishing 3 s after it started.
   *
   * @return the new job ids, oldest first
   */
  public static List<String> publish(
      Repository repo, String template, Instant firstStart, Duration cadence, int count)
      throws Exception {
    SnapshotSummary summary = repo.catalog().find(template).orElseThrow();
    Manifest manifest = repo.readManifest(summary);
    if (manifest.isFull() || !manifest.files().isEmpty() || !manifest.objectList().isEmpty()) {
      throw new IllegalArgumentException(
          "snapshot " + template + " is not an incremental of an unchanged source");
    }
    CatalogEntry templateEntry = repo.readCatalogEntry(summary);
    ObjectNode templateNode =
        (ObjectNode)
            Json.mapper()
                .readTree(repo.target().read(summary.manifestKey(), Repository.MAX_DOCUMENT_BYTES));

    List<String> ids = new ArrayList<>();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> commits = new ArrayList<>();
      String parent = template;
      for (int i = 0; i < count; i++) {
        Instant started = firstStart.plus(cadence.multipliedBy(i));
        String jobId = JobId.generate(started);
        ObjectNode node = templateNode.deepCopy();
        node.put("job_id", jobId);
        node.put("parent", parent);
        node.put("started_at", started.toString());
        node.put("finished_at", started.plusSeconds(3).toString());
        node.put("restore_entrypoint", manifest.restoreEntrypoint().replace(template, jobId));
        byte[] manifestBytes = Json.write(node);
        CatalogEntry entry =
            new CatalogEntry(
                FormatVersion.CURRENT,
                jobId,
                repo.layout().policy(),
                SnapshotType.INCREMENTAL,
                manifest.parentFull(),
                started.toString(),
                started.plusSeconds(3).toString(),
                List.of(),
                repo.layout().manifestKey(jobId),
                Sha256.hex(manifestBytes),
                templateEntry.files(),
                templateEntry.bytes());
        commits.add(writers.submit(() -> commit(repo, entry, manifestBytes, started)));
        ids.add(jobId);
        parent = jobId;
      }
      for (Future<?> commit : commits) {
        commit.get();
      }
    } finally {
      writers.shutdownNow();
    }
    return ids;
  }

  /** Commits one clone as the engine commits a job: the manifest, then its catalog entry. */
  private static Void commit(
      Repository repo, CatalogEntry entry, byte[] manifestBytes, Instant started)
      throws IOException {
    repo.target().put(entry.manifestKey(), manifestBytes, Map.of());
    String catalogKey =
        repo.layout()
            .catalogKey(entry.jobId(), SnapshotType.INCREMENTAL, started.plusSeconds(3), List.of());
    repo.target().put(catalogKey, Json.write(entry), Map.of());
    return null;
  }
}
