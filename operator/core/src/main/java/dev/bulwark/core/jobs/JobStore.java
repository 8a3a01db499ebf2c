package dev.bulwark.core.jobs;

import dev.bulwark.core.RecordFolder;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job history of every policy: one JSON file per job, {@code <jobs dir>/<job_id>.json},
 * replaced atomically at each change of state ({@link RunStore}). Job ids sort by start time. Only
 * the newest {@link #KEPT_PER_POLICY} are kept; beside them:
 *
 * <ul>
 *   <li>{@code history.state}: the {@link HistoryFacts} of every record trimmed so far (through the
 *       newest trimmed job id). A trim folds the records it removes into it before deleting them,
 *       so facts cover the whole history. Records at or before its {@code through} that are still
 *       on disk (a trim that died between the two steps) are ignored and removed by the next trim.
 *       When the file is lost, the facts start again from the records that are left.
 *   <li>{@code lifecycle.state}: the last lifecycle reconcile of the policy's target.
 * </ul>
 *
 * <p>Reading a policy's jobs lists the folder and reads only records it has not seen finished (a
 * finished record never changes), so a runtime that asks every few seconds reads almost nothing.
 * Trims run under the policy's job lock, like every write of a job's final record.
 */
public final class JobStore {
  /** How many job records a policy keeps on disk. */
  public static final int KEPT_PER_POLICY = 200;

  private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
  private static final String LIFECYCLE = "lifecycle.state";
  private static final String HISTORY = "history.state";

  private final RunStore<JobRecord> records;
  private final Map<Path, Seen> seen = new ConcurrentHashMap<>();

  /** A store under the state directory laid out by {@code paths}. */
  public JobStore(StatePaths paths) {
    this.records =
        new RunStore<>(
            JobRecord.class, "job record", key -> paths.jobsDir(key.namespace(), key.owner()));
  }

  /** The directory of one policy's records and lock. */
  public Path directory(Optional<String> namespace, String policy) {
    return records.directory(new RunKey(namespace, policy));
  }

  /** Writes (or replaces) one record atomically. */
  public void write(JobRecord record) {
    records.write(record);
  }

  /**
   * The newest {@code limit} records of a policy, newest first; unreadable files are skipped and
   * logged.
   */
  public List<JobRecord> recent(Optional<String> namespace, String policy, int limit) {
    return records.recent(new RunKey(namespace, policy), limit);
  }

  /** The job records, read only (the framework's view; controllers read {@link #jobs}). */
  public RunLedger<JobRecord> runs() {
    return records.ledger();
  }

  /**
   * What a controller knows of a policy's jobs: the facts of its whole history (trimmed records
   * included), its newest {@link JobLedger#WINDOW} records and its last lifecycle reconcile.
   */
  public PolicyJobs jobs(Optional<String> namespace, String policy) {
    RunKey key = new RunKey(namespace, policy);
    Path dir = records.directory(key);
    Seen cache = seen.computeIfAbsent(dir, d -> new Seen());
    synchronized (cache) {
      HistoryFacts archived = cache.archive(dir);
      List<String> ids = records.ids(key);
      Object lifecycleVersion = version(dir.resolve(LIFECYCLE));
      List<Object> version =
          List.of(ids, String.valueOf(cache.archiveVersion), String.valueOf(lifecycleVersion));
      if (version.equals(cache.lastKey)) {
        return cache.last; // nothing changed, and every record was finished
      }
      HistoryFacts.Fold fold = new HistoryFacts.Fold(archived);
      List<JobRecord> live = new ArrayList<>();
      Map<String, JobRecord> stillFinished = new HashMap<>();
      boolean allFinished = true;
      for (String id : ids) {
        if (archived.through() != null && id.compareTo(archived.through()) <= 0) {
          continue; // already in the archive: a trim stopped before deleting it
        }
        JobRecord record = cache.finished.get(id);
        if (record == null) {
          record = records.read(key, id).orElse(null);
        }
        if (record == null) {
          continue;
        }
        if (record.state().finished()) {
          stillFinished.put(id, record);
        } else {
          allFinished = false;
        }
        fold.add(record);
        live.add(record);
      }
      cache.finished.clear();
      cache.finished.putAll(stillFinished);
      List<JobRecord> newest = new ArrayList<>();
      for (int i = live.size() - 1; i >= 0 && newest.size() < JobLedger.WINDOW; i--) {
        newest.add(live.get(i));
      }
      PolicyJobs jobs = new PolicyJobs(newest, lifecycle(namespace, policy), fold.facts());
      cache.lastKey = allFinished ? version : null;
      cache.last = jobs;
      return jobs;
    }
  }

  /**
   * Removes all but the newest {@link #KEPT_PER_POLICY} records of a policy, folding the removed
   * ones into {@code history.state} first. Call it holding the policy's job lock.
   */
  public void trim(Optional<String> namespace, String policy) {
    RunKey key = new RunKey(namespace, policy);
    Path dir = records.directory(key);
    List<String> ids = records.ids(key);
    int excess = ids.size() - KEPT_PER_POLICY;
    if (excess <= 0) {
      return;
    }
    HistoryFacts archived = readArchive(dir);
    HistoryFacts.Fold fold = new HistoryFacts.Fold(archived);
    List<String> removed = ids.subList(0, excess);
    for (String id : removed) {
      if (archived.through() == null || id.compareTo(archived.through()) > 0) {
        records.read(key, id).ifPresent(fold::add);
      }
    }
    // The archive first: a crash now leaves records that it already holds, which readers skip.
    RecordFolder.writeFile(dir.resolve(HISTORY), fold.facts());
    for (String id : removed) {
      records.delete(key, id);
    }
  }

  /** Records the last lifecycle reconcile of a policy's target. */
  public void writeLifecycle(Optional<String> namespace, String policy, LifecycleState state) {
    RecordFolder.writeFile(directory(namespace, policy).resolve(LIFECYCLE), state);
  }

  /** The last lifecycle reconcile of a policy's target, if one ran. */
  public Optional<LifecycleState> lifecycle(Optional<String> namespace, String policy) {
    return RecordFolder.readFile(
        directory(namespace, policy).resolve(LIFECYCLE), LifecycleState.class);
  }

  private static HistoryFacts readArchive(Path dir) {
    return RecordFolder.readFile(dir.resolve(HISTORY), HistoryFacts.class)
        .orElse(HistoryFacts.NONE);
  }

  /** The modification time, size and identity of a file, or null when it does not exist. */
  private static Object version(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(
          attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey()));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}", file, e.getMessage());
      return null;
    }
  }

  /**
   * What this store has read of one policy's folder: finished records, the archive, the last
   * answer.
   */
  private static final class Seen {
    final Map<String, JobRecord> finished = new HashMap<>();
    Object archiveVersion;
    private HistoryFacts archive = HistoryFacts.NONE;
    List<Object> lastKey;
    PolicyJobs last;

    /** The archive, read again only when the file changed. */
    HistoryFacts archive(Path dir) {
      Object version = version(dir.resolve(HISTORY));
      if (!Objects.equals(version, archiveVersion)) {
        archive = version == null ? HistoryFacts.NONE : readArchive(dir);
        archiveVersion = version;
      }
      return archive;
    }
  }
}
