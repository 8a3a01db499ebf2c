package dev.bulwark.core.jobs;

import dev.bulwark.core.RecordFolder;
import dev.bulwark.core.StatePaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The job history of every policy: one JSON file per job, {@code <jobs dir>/<job_id>.json},
 * replaced atomically at each change of state ({@link RecordFolder}). Job ids sort by start time.
 * Only the newest {@link #KEPT_PER_POLICY} are kept. Beside them, {@code lifecycle.state} holds
 * the last lifecycle reconcile of the policy's target.
 */
public final class JobStore {
  /** How many job records a policy keeps on disk. */
  public static final int KEPT_PER_POLICY = 200;

  private static final String LIFECYCLE = "lifecycle.state";

  private final StatePaths paths;
  private final RecordFolder<JobRecord> records = new RecordFolder<>(JobRecord.class, "job record");

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
    records.write(directory(Optional.ofNullable(record.namespace()), record.policy()), record.jobId(), record);
  }

  /** The newest {@code limit} records of a policy, newest first; unreadable files are skipped and logged. */
  public List<JobRecord> recent(Optional<String> namespace, String policy, int limit) {
    return records.newest(directory(namespace, policy), limit);
  }

  /** Removes all but the newest {@link #KEPT_PER_POLICY} records of a policy. */
  public void trim(Optional<String> namespace, String policy) {
    records.keepNewest(directory(namespace, policy), KEPT_PER_POLICY);
  }

  /** Records the last lifecycle reconcile of a policy's target. */
  public void writeLifecycle(Optional<String> namespace, String policy, LifecycleState state) {
    RecordFolder.writeFile(directory(namespace, policy).resolve(LIFECYCLE), state);
  }

  /** The last lifecycle reconcile of a policy's target, if one ran. */
  public Optional<LifecycleState> lifecycle(Optional<String> namespace, String policy) {
    return RecordFolder.readFile(directory(namespace, policy).resolve(LIFECYCLE), LifecycleState.class);
  }
}
